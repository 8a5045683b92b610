import pytest
from sqlalchemy import select

from participation.extensions import db


@pytest.fixture
def item(programme):
    from participation.programme.models import ProgrammeItem

    return db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == "polo-alta-formazione"))


@pytest.fixture
def post(client):
    """``post(item, "text", **fields)``: publish a comment on an item through HTTP."""

    def do_post(item, body, **fields):
        data = {"body": body, "language": "it"}
        data.update(fields)
        return client.post(f"/it/discussions/item/{item.id}/comments", data=data)

    return do_post
