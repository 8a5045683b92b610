"""Roles: the command-line administrator, the roles page, the staff badge."""
from flask import render_template_string

from participation.accounts.models import Role, User
from participation.accounts.passwords import verify_password
from participation.extensions import db


def test_create_admin_creates_a_verified_administrator(runner):
    result = runner.invoke(args=["users", "create-admin", "Capo@Example.org", "--name", "Ufficio Partecipazione",
                                 "--password", "a long admin passphrase"])
    assert result.exit_code == 0, result.output
    assert "Created administrator" in result.output
    user = db.session.query(User).one()
    assert user.role == Role.ADMINISTRATOR
    assert user.is_verified
    assert verify_password(user.password_hash, "a long admin passphrase")


def test_create_admin_prompts_for_a_hidden_password(runner):
    result = runner.invoke(args=["users", "create-admin", "capo@example.org"],
                           input="Ufficio\na long admin passphrase\na long admin passphrase\n")
    assert result.exit_code == 0, result.output
    assert "a long admin passphrase" not in result.output


def test_create_admin_promotes_an_existing_account(runner, make_user):
    user = make_user(email="anna@example.org", verified=False)
    result = runner.invoke(args=["users", "create-admin", "ANNA@example.org"])
    assert result.exit_code == 0, result.output
    assert "Promoted" in result.output
    db.session.refresh(user)
    assert user.role == Role.ADMINISTRATOR and user.is_verified
    assert db.session.query(User).count() == 1


def test_create_admin_refuses_bad_input(runner):
    assert runner.invoke(args=["users", "create-admin", "not-an-address"]).exit_code != 0
    result = runner.invoke(args=["users", "create-admin", "a@example.org", "--name", "A", "--password", "short"])
    assert result.exit_code != 0
    assert db.session.query(User).count() == 0


def test_administrator_grants_and_revokes_the_moderator_role(client, make_user, login):
    admin = login(make_user(role="administrator"))
    anna = make_user(name="Anna", email="anna@example.org")
    page = client.get("/it/admin/roles", query_string={"q": "anna@EXAMPLE.org"})
    assert page.status_code == 200
    assert f"/it/admin/roles/{anna.id}" in page.text
    assert client.post(f"/it/admin/roles/{anna.id}", data={"role": "moderator"}).status_code == 302
    db.session.refresh(anna)
    assert anna.role == Role.MODERATOR
    assert "Anna" in client.get("/it/admin/roles").text
    client.post(f"/it/admin/roles/{anna.id}", data={"role": "translator"})
    db.session.refresh(anna)
    assert anna.role == Role.TRANSLATOR
    client.post(f"/it/admin/roles/{anna.id}", data={"role": "resident"})
    db.session.refresh(anna)
    assert anna.role == Role.RESIDENT
    # Not to administrator, not on oneself, not an unknown role.
    client.post(f"/it/admin/roles/{anna.id}", data={"role": "administrator"})
    client.post(f"/it/admin/roles/{admin.id}", data={"role": "resident"})
    db.session.refresh(anna)
    db.session.refresh(admin)
    assert anna.role == Role.RESIDENT
    assert admin.role == Role.ADMINISTRATOR


def test_only_administrators_see_the_roles_page(client, make_user, login):
    assert client.get("/it/admin/roles").status_code == 302
    login(make_user(role="moderator"))
    assert client.get("/it/admin/roles").status_code == 403


def test_staff_badge(app, make_user):
    template = '{% from "_users.html" import user_badge %}{{ user_badge(u) }}'
    people = {
        "moderator": make_user(role="moderator", name="Mod Anna"),
        "administrator": make_user(role="administrator", name="Capo"),
        "resident": make_user(name="Bruno"),
        "translator": make_user(role="translator", name="Carla"),
    }
    with app.test_request_context("/it/"):
        html = {role: render_template_string(template, u=user) for role, user in people.items()}
    assert "Staff" in html["moderator"] and "Mod Anna" in html["moderator"]
    assert "Staff" in html["administrator"]
    assert "Staff" not in html["resident"] and "Bruno" in html["resident"]
    assert "Staff" not in html["translator"]


def test_the_roles_page_says_what_translators_do(client, make_user, login):
    login(make_user(role="administrator", name="Ada"))
    page = client.get("/en/admin/roles").text
    assert "translators translate the programme (its areas, items and departments) into the other languages" in page
    assert "interface languages" not in page
