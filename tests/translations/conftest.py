import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.programme.models import Area, Department, ProgrammeItem
from tests.participation_fixtures import *  # noqa: F401,F403


@pytest.fixture
def item(programme):
    return db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == "biciplan"))


@pytest.fixture
def area(programme):
    return db.session.scalar(select(Area).where(Area.number == 3))


@pytest.fixture
def department(programme):
    return db.session.scalar(select(Department).where(Department.name == "Area segreteria generale"))
