"""Several people asking for the same new display name at the same moment: one gets it, the others are told."""
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.extensions import db

from .conftest import THREADS, as_user


def test_one_display_name_goes_to_one_person(at_once, make_user):
    people = [make_user(name=f"Person {n}") for n in range(THREADS)]
    answers = at_once([as_user(person, "/en/account/name", {"name-display_name": "Anna Bianchi" if n % 2 else "anna bianchi"})
                       for n, person in enumerate(people)])
    assert sorted(answer.status for answer in answers) == [302] + [400] * (THREADS - 1)
    refused = [answer for answer in answers if answer.status == 400]
    assert all("This display name is already taken. Choose another." in answer.text for answer in refused)
    holders = db.session.scalars(select(User).where(User.display_name_key == "anna bianchi")).all()
    assert len(holders) == 1
    winner = people[[answer.status for answer in answers].index(302)]
    assert holders[0].id == winner.id
    # Everyone else kept the name they had.
    assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name.like("Person %"))) \
        == THREADS - 1
