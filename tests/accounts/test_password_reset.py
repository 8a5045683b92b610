"""Forgotten password: same answer for everyone, a link that works once, sessions ended."""
from flask import g

from participation.accounts.passwords import verify_password
from participation.extensions import db
from tests.mail_helpers import last_mail_to, link_path, mails_to

OLD = "the old password here"
NEW = "a brand new passphrase"


def test_same_answer_whether_or_not_the_account_exists(client, make_user):
    make_user(email="anna@example.org", password=OLD)
    known = client.post("/en/password/forgot", data={"email": "anna@example.org"}, follow_redirects=True)
    unknown = client.post("/en/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert len(mails_to("anna@example.org")) == 1
    assert mails_to("nobody@example.org") == []


def test_reset_link_works_once_and_ends_every_session(app, client, make_user):
    user = make_user(email="anna@example.org", password=OLD, language="fr")
    other_device = app.test_client()
    other_device.post("/en/login", data={"email": "anna@example.org", "password": OLD})
    assert other_device.get("/en/account").status_code == 200

    client.post("/en/password/forgot", data={"email": "ANNA@example.org"})
    message = last_mail_to("anna@example.org")
    assert message.language == "fr"
    path = link_path(message)
    assert path.startswith("/fr/password/reset/")
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW})
    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert user.session_version == 2

    g.pop("_login_user", None)
    assert other_device.get("/en/account").status_code == 302  # signed out
    again = client.post(path.replace("/fr/", "/en/", 1), data={"password": "yet another passphrase"})
    assert again.status_code == 400
    assert "already been used" in again.text
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert client.post("/en/login", data={"email": "anna@example.org", "password": OLD}).status_code == 400
    assert client.post("/en/login", data={"email": "anna@example.org", "password": NEW}).status_code == 302


def test_expired_reset_link_is_refused(app, client, make_user):
    make_user(email="anna@example.org", password=OLD)
    client.post("/en/password/forgot", data={"email": "anna@example.org"})
    path = link_path(last_mail_to("anna@example.org"))
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    response = client.post(path, data={"password": NEW})
    assert response.status_code == 400
    assert "expired" in response.text


def test_weak_new_password_is_refused_and_the_link_still_works(client, make_user):
    user = make_user(email="anna@example.org", password=OLD)
    client.post("/en/password/forgot", data={"email": "anna@example.org"})
    path = link_path(last_mail_to("anna@example.org"))
    response = client.post(path, data={"password": "short"})
    assert response.status_code == 400
    assert "<title>Error:" in response.text
    db.session.refresh(user)
    assert verify_password(user.password_hash, OLD)
    assert client.post(path, data={"password": NEW}).status_code == 302
