"""Administrators make people members of departments; department staff are shown as such."""
from sqlalchemy import select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.programme.staff import DepartmentMember


def _members():
    return db.session.scalars(select(DepartmentMember)).all()


def test_an_administrator_adds_and_removes_a_member(client, department, other_department, make_user, login):
    admin = login(make_user(role="administrator"))
    person = make_user(email="clerk@example.org", name="Clerk")
    page = client.get("/en/admin/departments")
    assert page.status_code == 200
    for d in (department, other_department):
        response = client.post(f"/en/admin/departments/{d.slug}/members", data={"email": "Clerk@Example.org"})
        assert response.status_code == 302
    assert {(m.user_id, m.department_id) for m in _members()} == {(person.id, department.id),
                                                                  (person.id, other_department.id)}
    assert "Clerk" in client.get("/en/admin/departments").get_data(as_text=True)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "department_member_added")).all()
    assert [(e.actor_id, e.target_id) for e in entries] == [(admin.id, person.id)] * 2
    member = next(m for m in _members() if m.department_id == department.id)
    assert client.post(f"/en/admin/departments/members/{member.id}/remove").status_code == 302
    assert [m.department_id for m in _members()] == [other_department.id]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "department_member_removed")) is not None
    # The person keeps their role: membership is data of its own.
    db.session.refresh(person)
    assert person.role.value == "resident"


def test_adding_twice_or_an_unknown_address_changes_nothing(client, department, make_user, login):
    login(make_user(role="administrator"))
    make_user(email="clerk@example.org")
    client.post(f"/en/admin/departments/{department.slug}/members", data={"email": "clerk@example.org"})
    client.post(f"/en/admin/departments/{department.slug}/members", data={"email": "clerk@example.org"})
    page = client.get("/en/admin/departments").get_data(as_text=True)
    assert "already works in this department" in page
    client.post(f"/en/admin/departments/{department.slug}/members", data={"email": "nobody@example.org"})
    assert "Nobody has this email address." in client.get("/en/admin/departments").get_data(as_text=True)
    assert len(_members()) == 1


def test_moderators_keep_their_role_and_may_also_work_in_a_department(client, department, make_user, login):
    login(make_user(role="administrator"))
    make_user(role="moderator", email="mod@example.org")
    client.post(f"/en/admin/departments/{department.slug}/members", data={"email": "mod@example.org"})
    member = _members()[0]
    assert member.user.role.value == "moderator"


def test_department_staff_find_their_inbox(client, department, staff_of, make_user, login):
    login(staff_of(department))
    page = client.get("/en/inbox")
    assert page.status_code == 200
    assert f"/en/departments/{department.slug}/inbox" in page.get_data(as_text=True)
    login(make_user())
    assert client.get("/en/inbox").status_code == 403
