"""Fixtures shared by the discussion, votes, proposals and notifications tests."""
import pytest
from flask import g, request_started
from sqlalchemy import select

from participation.extensions import db


@pytest.fixture(autouse=True)
def fresh_request_globals(app):
    """Forget what the previous request cached on ``g`` (signed-in user, locale).

    The test client's requests share the test's app context, hence one ``g``:
    without this, ``login(other)`` or a request in another language within the
    same test would still see the first request's user or locale.
    """

    def reset(sender, **extra):
        g.pop("_login_user", None)
        g.pop("_flask_babel", None)

    request_started.connect(reset, app)
    yield
    request_started.disconnect(reset, app)


@pytest.fixture
def logout(client):
    def do_logout():
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
        return client.post(f"/en/discussions/item/{item.id}/comments", data=data)

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
