import pytest

from participation.extensions import db
from tests.participation_fixtures import *  # noqa: F401,F403


@pytest.fixture
def department(item):
    """The first department responsible for the ``item`` fixture."""
    return item.departments[0]


@pytest.fixture
def other_department(item):
    """A department that is not responsible for the ``item`` fixture."""
    from sqlalchemy import select

    from participation.programme.models import Department

    mine = {d.id for d in item.departments}
    return db.session.scalars(select(Department).where(Department.id.not_in(mine)).order_by(Department.id)).first()


@pytest.fixture
def staff_of(make_user):
    """``staff_of(department, ...)``: a verified resident who works in ``department`` (and the others given)."""
    from participation.programme.staff import DepartmentMember

    def factory(*departments, **fields):
        user = make_user(**fields)
        for department in departments:
            db.session.add(DepartmentMember(user_id=user.id, department_id=department.id))
        db.session.commit()
        return user

    return factory
