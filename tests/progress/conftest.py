import pytest

from participation.extensions import db
from tests.participation_fixtures import *  # noqa: F401,F403


@pytest.fixture
def statuses(app):
    from participation.progress.statuses import list_statuses, seed_statuses

    seed_statuses()
    db.session.commit()
    return {status.key: status for status in list_statuses()}


@pytest.fixture
def staff(make_user):
    return make_user(role="moderator", name="Staff member", language="it")
