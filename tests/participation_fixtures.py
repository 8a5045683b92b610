"""Fixtures shared by the discussion, votes, proposals and notifications tests."""
import pytest
from flask import g
from sqlalchemy import select

from participation.extensions import db


@pytest.fixture
def login(login):
    """Like the global ``login``, but also forgets the user cached for the app context.

    The test client's requests share the test's app context, so without this
    a second ``login(other)`` in the same test would keep the first user.
    """

    def do_login(user):
        g.pop("_login_user", None)
        return login(user)

    return do_login


@pytest.fixture
def logout(client):
    def do_logout():
        g.pop("_login_user", None)
        with client.session_transaction() as session:
            session.pop("_user_id", None)

    return do_logout


@pytest.fixture
def item(programme):
    from participation.programme.models import ProgrammeItem

    return db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == "polo-alta-formazione"))


@pytest.fixture
def other_item(programme, item):
    from participation.programme.models import ProgrammeItem

    return db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == "rigenerazione-urbana"))


@pytest.fixture
def post(client):
    """``post(item, "text", **fields)``: publish a comment on an item through HTTP."""

    def do_post(item, body, **fields):
        data = {"body": body, "language": "it"}
        data.update(fields)
        return client.post(f"/it/discussions/item/{item.id}/comments", data=data)

    return do_post


@pytest.fixture
def make_proposal(app):
    """``make_proposal(author, items, title=..., publish=True)`` through the service."""
    from participation.proposals.services import ProposalInput, create_proposal

    counter = {"n": 0}

    def factory(author, items, title=None, body="A useful idea for the city.", publish=True, group_id=None,
                neighbourhood_id=None):
        counter["n"] += 1
        data = ProposalInput(title=title or f"Proposal {counter['n']}", body=body,
                             item_ids=[i.id for i in items], neighbourhood_id=neighbourhood_id,
                             group_id=group_id, language="it")
        proposal = create_proposal(author, data, publish=publish)
        db.session.commit()
        return proposal

    return factory
