"""Neighbourhood groups: creation, membership rules, verification, acting for a group."""
import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.groups import services
from participation.groups.models import Group, GroupMembership, MembershipRole, MembershipStatus, Neighbourhood
from participation.permissions import can_act_for_group, can_manage_group


@pytest.fixture
def neighbourhoods(app):
    services.seed_neighbourhoods()
    db.session.commit()
    return services.list_neighbourhoods()


@pytest.fixture
def make_group(make_user, neighbourhoods):
    def factory(admin=None, name="Amici del Po", verified=False):
        admin = admin or make_user()
        group = services.create_group(admin, name, neighbourhoods[1], "We look after the river banks.")
        if verified:
            services.verify_group(admin, group)
        db.session.commit()
        return group

    return factory


def membership(group, user):
    db.session.refresh(group)
    return group.membership_of(user)


def test_seed_neighbourhoods_is_idempotent(runner, app):
    first = runner.invoke(args=["groups", "seed-neighbourhoods"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(select(func.count(Neighbourhood.id)))
    assert count >= 15
    assert "Tutta la città" in {n.name for n in services.list_neighbourhoods()}
    second = runner.invoke(args=["groups", "seed-neighbourhoods"])
    assert "0 neighbourhoods added" in second.output
    assert db.session.scalar(select(func.count(Neighbourhood.id))) == count


def test_verified_resident_creates_a_group_and_is_its_administrator(client, make_user, login, neighbourhoods):
    anna = login(make_user(name="Anna"))
    response = client.post("/en/groups/new", data={
        "name": "Amici del Po", "neighbourhood": neighbourhoods[3].id,
        "description": "We look after the river banks.\n\nJoin us!", "contact_email": "amici@example.org",
    })
    assert response.status_code == 302
    group = db.session.scalar(select(Group))
    assert response.headers["Location"] == f"/en/groups/{group.slug}"
    assert group.slug == "amici-del-po"
    assert not group.is_verified
    assert group.membership_of(anna).is_admin
    page = client.get(f"/en/groups/{group.slug}").text
    assert "Amici del Po" in page and neighbourhoods[3].name in page and "Anna" in page
    assert "<p>Join us!</p>" in page


def test_double_submission_creates_one_group(client, make_user, login, neighbourhoods):
    login(make_user())
    data = {"name": "Amici del Po", "neighbourhood": neighbourhoods[1].id, "description": "Rivers."}
    first = client.post("/en/groups/new", data=data)
    second = client.post("/en/groups/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(Group.id))) == 1


def test_group_names_are_unique_ignoring_case(client, make_user, login, make_group, neighbourhoods):
    make_group(name="Amici del Po")
    login(make_user())
    response = client.post("/en/groups/new", data={"name": "AMICI DEL PO", "neighbourhood": neighbourhoods[1].id,
                                                   "description": "Copy."})
    assert response.status_code == 400
    assert "already exists" in response.text
    assert db.session.scalar(select(func.count(Group.id))) == 1


@pytest.mark.parametrize("field, data", [
    ("name", {"name": ""}), ("name", {"name": "x" * 81}), ("neighbourhood", {"neighbourhood": "0"}),
    ("neighbourhood", {"neighbourhood": "9999"}), ("description", {"description": ""}),
    ("description", {"description": "x" * 2001}), ("contact_email", {"contact_email": "nope"}),
])
def test_bad_group_input_changes_nothing(client, make_user, login, neighbourhoods, field, data):
    login(make_user())
    form = {"name": "Amici", "neighbourhood": neighbourhoods[1].id, "description": "Rivers."}
    form.update(data)
    response = client.post("/en/groups/new", data=form)
    assert response.status_code == 400
    assert f'href="#{field}"' in response.text
    assert "<title>Error:" in response.text
    assert db.session.scalar(select(func.count(Group.id))) == 0


def test_join_accept_promote_remove_leave(client, make_user, login, make_group):
    anna = make_user(name="Anna")
    group = make_group(admin=anna)
    bruno = login(make_user(name="Bruno"))
    assert client.post(f"/en/groups/{group.slug}/join").status_code == 302
    request = membership(group, bruno)
    assert request.status == MembershipStatus.PENDING
    assert client.post(f"/en/groups/{group.slug}/join").status_code == 403  # already asked

    login(anna)
    client.post(f"/en/groups/{group.slug}/members/{request.id}/accept")
    assert membership(group, bruno).status == MembershipStatus.ACCEPTED
    client.post(f"/en/groups/{group.slug}/members/{request.id}/promote")
    assert membership(group, bruno).role == MembershipRole.ADMIN

    # With two administrators, Anna may leave; then Bruno is the last one and may not.
    assert client.post(f"/en/groups/{group.slug}/leave").status_code == 302
    assert membership(group, anna) is None
    login(bruno)
    response = client.post(f"/en/groups/{group.slug}/leave", follow_redirects=True)
    assert "last administrator" in response.text
    assert membership(group, bruno).is_admin


def test_refused_request(client, make_user, login, make_group):
    anna = make_user()
    group = make_group(admin=anna)
    bruno = login(make_user())
    client.post(f"/en/groups/{group.slug}/join")
    request_id = membership(group, bruno).id
    login(anna)
    client.post(f"/en/groups/{group.slug}/members/{request_id}/refuse")
    assert membership(group, bruno).status == MembershipStatus.REFUSED
    login(bruno)
    assert client.post(f"/en/groups/{group.slug}/join").status_code == 403
    # A request answered once cannot be answered again.
    login(anna)
    response = client.post(f"/en/groups/{group.slug}/members/{request_id}/accept", follow_redirects=True)
    assert "already been answered" in response.text
    assert membership(group, bruno).status == MembershipStatus.REFUSED


def test_the_last_administrator_cannot_be_removed(app, make_user, make_group):
    anna = make_user()
    group = make_group(admin=anna)
    own = membership(group, anna)
    with pytest.raises(services.GroupError):
        services.remove_member(anna, group, own)
    with pytest.raises(services.GroupError):
        services.leave_group(anna, group)
    assert membership(group, anna).is_admin


def test_members_can_leave(client, make_user, login, make_group):
    anna = make_user()
    group = make_group(admin=anna)
    bruno = make_user()
    services.accept_request(anna, group, services.request_to_join(bruno, group))
    db.session.commit()
    login(bruno)
    assert client.post(f"/en/groups/{group.slug}/leave").status_code == 302
    assert membership(group, bruno) is None


def test_staff_verify_and_unverify(client, make_user, login, make_group):
    group = make_group()
    login(make_user(role="moderator"))
    client.post(f"/en/groups/{group.slug}/verify")
    db.session.refresh(group)
    assert group.is_verified
    assert "Verified" in client.get(f"/en/groups/{group.slug}").text
    client.post(f"/en/groups/{group.slug}/unverify")
    db.session.refresh(group)
    assert not group.is_verified


def test_only_members_of_verified_groups_act_for_them(make_user, make_group):
    anna = make_user()
    unverified = make_group(admin=anna, name="Not yet")
    verified = make_group(admin=anna, name="Verified one", verified=True)
    bruno = make_user()
    pending = services.request_to_join(bruno, verified)
    db.session.commit()
    assert [g.name for g in services.groups_user_can_act_for(anna)] == ["Verified one"]
    assert can_act_for_group(anna, verified)
    assert not can_act_for_group(anna, unverified)
    assert not can_act_for_group(bruno, verified)  # still pending
    assert services.groups_user_can_act_for(bruno) == []
    services.accept_request(anna, verified, pending)
    db.session.commit()
    assert [g.name for g in services.groups_user_can_act_for(bruno)] == ["Verified one"]
    bruno.email_verified_at = None  # an account that cannot participate cannot act either
    assert services.groups_user_can_act_for(bruno) == []
    assert not can_act_for_group(bruno, verified)


def test_group_byline(app, make_user, make_group):
    from flask import render_template_string

    anna = make_user(name="Anna")
    group = make_group(admin=anna, name="Amici del Po")
    from flask_babel import force_locale

    with app.test_request_context("/en/"), force_locale("en"):
        html = render_template_string('{% from "_users.html" import group_byline %}{{ group_byline(g, u) }}',
                                      g=group, u=anna)
    assert "<bdi>Amici del Po</bdi> (by <bdi>Anna</bdi>)" in html  # names isolated from the sentence


def test_staff_edit_the_neighbourhoods(client, make_user, login, neighbourhoods):
    login(make_user(role="moderator"))
    assert client.post("/en/groups/neighbourhoods", data={"new-name": "Quartiere Nuovo"}).status_code == 302
    added = db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == "Quartiere Nuovo"))
    assert added is not None
    duplicate = client.post("/en/groups/neighbourhoods", data={"new-name": "quartiere nuovo"})
    assert duplicate.status_code == 400
    assert "already in the list" in duplicate.text
    response = client.post(f"/en/groups/neighbourhoods/{added.id}", data={f"n{added.id}-name": "Quartiere Vecchio"})
    assert response.status_code == 302
    db.session.refresh(added)
    assert added.name == "Quartiere Vecchio"


def test_group_administrator_edits_the_group(client, make_user, login, make_group, neighbourhoods):
    anna = login(make_user())
    group = make_group(admin=anna)
    assert client.get(f"/en/groups/{group.slug}/edit").status_code == 200
    response = client.post(f"/en/groups/{group.slug}/edit", data={
        "neighbourhood": neighbourhoods[0].id, "description": "New words.", "contact_email": ""})
    assert response.status_code == 302
    db.session.refresh(group)
    assert group.description == "New words."
    assert group.neighbourhood_id == neighbourhoods[0].id
    assert can_manage_group(anna, group)


def test_groups_index_lists_groups(client, make_group):
    make_group(name="Amici del Po", verified=True)
    page = client.get("/en/groups")
    assert page.status_code == 200
    assert "Amici del Po" in page.text
    assert db.session.scalar(select(func.count(GroupMembership.id))) == 1
