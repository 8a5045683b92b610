"""Joining a group, answering a request and verifying a group at the same moment: each happens once."""
import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.groups import services as groups
from participation.groups.models import Group, GroupMembership, MembershipStatus

from .conftest import THREADS, as_user


@pytest.fixture
def group(make_user, make_group):
    """A verified group run by two administrators."""
    founder, second = make_user(name="Founder"), make_user(name="Second admin")
    group = make_group("Amici del Po", members=[founder, second])
    groups.promote_member(founder, group, group.membership_of(second))
    db.session.commit()
    return group


def _memberships(group, user=None):
    query = select(GroupMembership).where(GroupMembership.group_id == group.id)
    if user is not None:
        query = query.where(GroupMembership.user_id == user.id)
    return db.session.scalars(query).all()


def _admins(group):
    return [membership.user for membership in group.accepted_members if membership.is_admin]


def _events(notifications, event):
    return [n for n in notifications if n.data.get("event") == event]


def test_residents_asking_to_join_at_once_each_have_one_request(at_once, make_user, group, notifications_of):
    twice = make_user()
    others = [make_user() for _ in range(THREADS - 2)]
    answers = at_once([as_user(twice, f"/en/groups/{group.slug}/join") for _ in range(2)]
                      + [as_user(user, f"/en/groups/{group.slug}/join") for user in others])
    # The second click is refused (403) when the first was already committed as it arrived.
    assert [answer.status for answer in answers[2:]] == [302] * len(others)
    assert {answer.status for answer in answers[:2]} <= {302, 403} and 302 in {a.status for a in answers[:2]}
    for user in [twice, *others]:
        membership, = _memberships(group, user)
        assert membership.status == MembershipStatus.PENDING
    assert len(_memberships(group)) == 2 + 1 + len(others)
    asked = sorted(user.id for user in [twice, *others])
    for admin in _admins(group):  # told of each request once
        told = _events(notifications_of(admin, "group_admin"), "join_request")
        assert sorted(n.data["actor_id"] for n in told if n.data["actor_id"] in asked) == asked


def test_administrators_answering_one_request_at_once_answer_it_once(at_once, make_user, group, notifications_of):
    applicant = make_user(name="Applicant")
    membership = groups.request_to_join(applicant, group)
    db.session.commit()
    admins = _admins(group)
    path = f"/en/groups/{group.slug}/members/{membership.id}"
    requests = [as_user(admins[n % 2], f"{path}/{'accept' if n % 2 else 'refuse'}", follow_redirects=True)
                for n in range(8)]
    answers = at_once(requests)
    accepted = sum("The request has been accepted." in answer.text for answer in answers)
    refused = sum("The request has been refused." in answer.text for answer in answers)
    assert accepted + refused == 1
    assert sum("This request has already been answered." in answer.text for answer in answers) == 7
    membership = db.session.get(GroupMembership, membership.id)
    assert membership.status == (MembershipStatus.ACCEPTED if accepted else MembershipStatus.REFUSED)
    assert membership.decided_by_id == admins[1 if accepted else 0].id
    told, = notifications_of(applicant, "group_decision")
    assert told.data["accepted"] == bool(accepted)


def test_staff_verifying_a_group_at_once_verify_it_once(at_once, make_user, make_group, audit_count,
                                                         notifications_of):
    group = make_group("Orti urbani", verified=False)
    staff = [make_user(role="moderator") for _ in range(8)]
    answers = at_once([as_user(member, f"/en/groups/{group.slug}/verify", follow_redirects=True) for member in staff])
    assert sum("The group is now verified." in answer.text for answer in answers) == 1
    assert audit_count("group_verified", "group", group.id) == 1
    verified_by = db.session.scalar(select(Group.verified_by_id).where(Group.id == group.id))
    assert verified_by in {member.id for member in staff}
    assert db.session.scalar(select(func.count()).select_from(Group)) == 1
    founder, = _admins(db.session.get(Group, group.id))
    assert len(_events(notifications_of(founder, "group_admin"), "verified")) == 1
