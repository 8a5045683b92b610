"""Account settings: language, password and email changes, data download."""
import json

from flask import g

from participation.accounts.passwords import verify_password
from participation.extensions import db
from tests.mail_helpers import last_mail_to, link_path, mails_to

PASSWORD = "the current password"
NEW = "a brand new passphrase"


def signed_in(client, make_user, **fields):
    user = make_user(email="anna@example.org", password=PASSWORD, name="Anna", **fields)
    client.post("/en/login", data={"email": "anna@example.org", "password": PASSWORD})
    return user


def test_change_language(client, make_user):
    user = signed_in(client, make_user)
    response = client.post("/en/account", data={"prefs-language": "ar"})
    assert response.headers["Location"] == "/ar/account"
    db.session.refresh(user)
    assert user.language == "ar"
    bad = client.post("/en/account", data={"prefs-language": "klingon"})
    assert bad.status_code == 400
    db.session.refresh(user)
    assert user.language == "ar"


def test_change_password_needs_the_current_one(client, make_user):
    user = signed_in(client, make_user)
    response = client.post("/en/account/password", data={"password-current_password": "wrong guess here",
                                                         "password-new_password": NEW})
    assert response.status_code == 400
    assert "The current password is not correct." in response.text
    assert 'href="#password-current_password"' in response.text
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_change_password_ends_other_sessions_but_keeps_this_one(app, client, make_user):
    user = signed_in(client, make_user)
    other = app.test_client()
    other.post("/en/login", data={"email": "anna@example.org", "password": PASSWORD})
    response = client.post("/en/account/password", data={"password-current_password": PASSWORD,
                                                         "password-new_password": NEW})
    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    g.pop("_login_user", None)
    assert client.get("/en/account").status_code == 200
    g.pop("_login_user", None)
    assert other.get("/en/account").status_code == 302
    assert "changed" in last_mail_to("anna@example.org").subject


def test_change_email_is_verified_before_it_replaces_the_old_one(client, make_user):
    user = signed_in(client, make_user)
    response = client.post("/en/account/email", data={"email-new_email": "Anna.New@Example.org",
                                                      "email-current_password": PASSWORD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == "anna@example.org"  # not yet
    path = link_path(last_mail_to("Anna.New@example.org"))
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    db.session.refresh(user)
    assert user.email == "Anna.New@example.org"
    assert user.email_key == "anna.new@example.org"
    assert user.is_verified
    assert "changed" in last_mail_to("anna@example.org").subject  # the old address is told
    assert client.post(path).status_code == 400  # single use


def test_change_email_to_a_taken_address_sends_nothing_and_answers_the_same(client, make_user):
    make_user(email="taken@example.org")
    signed_in(client, make_user)
    response = client.post("/en/account/email", data={"email-new_email": "TAKEN@example.org",
                                                      "email-current_password": PASSWORD})
    assert response.status_code == 302
    assert len(mails_to("taken@example.org")) == 0


def test_change_email_needs_the_current_password_and_a_valid_address(client, make_user):
    signed_in(client, make_user)
    response = client.post("/en/account/email", data={"email-new_email": "not an address",
                                                      "email-current_password": "wrong"})
    assert response.status_code == 400
    assert 'href="#email-new_email"' in response.text
    response = client.post("/en/account/email", data={"email-new_email": "new@example.org",
                                                      "email-current_password": "wrong password"})
    assert response.status_code == 400
    assert "The current password is not correct." in response.text
    assert mails_to("new@example.org") == []


def test_download_my_data(client, make_user):
    user = signed_in(client, make_user)
    response = client.get("/en/account/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["email"] == "anna@example.org"
    assert data["account"]["display_name"] == "Anna"
    assert data["account"]["id"] == user.id
    assert "password" not in json.dumps(data).lower().replace("password_", "")
    assert data["group_memberships"] == []


def test_public_profile_hides_the_email_from_others(client, make_user, login):
    anna = make_user(name="Anna", email="anna@example.org")
    bruno = make_user(name="Bruno", email="bruno@example.org")
    admin = make_user(role="administrator", name="Capo", email="capo@example.org")
    assert "anna@example.org" not in client.get(f"/en/users/{anna.id}").text
    login(bruno)
    assert "anna@example.org" not in client.get(f"/en/users/{anna.id}").text
    login(anna)
    assert "anna@example.org" in client.get(f"/en/users/{anna.id}").text
    login(admin)
    assert "anna@example.org" in client.get(f"/en/users/{anna.id}").text
    assert client.get("/en/users/999").status_code == 404
