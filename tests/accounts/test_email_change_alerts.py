"""A change of address is told to the old address too, with a way out that really works:
before the change, a password reset that cancels it; after it, a link that undoes it."""
from flask import g

from participation.accounts.models import User
from participation.accounts.passwords import verify_password
from participation.extensions import db
from tests.mail_helpers import last_mail_to, link_path, mails_to

PASSWORD = "the current password"
THIEF_PASSWORD = "the thief's own password"
NEW = "a brand new passphrase"


def sign_in(client, email="anna@example.org", password=PASSWORD):
    g.pop("_login_user", None)
    response = client.post("/en/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.text
    return response


def ask_for(client, new_email):
    return client.post("/en/account/email", data={"email-new_email": new_email, "email-current_password": PASSWORD})


def is_signed_in(client):
    g.pop("_login_user", None)
    return client.get("/en/account").status_code == 200


def test_asking_for_a_change_warns_the_current_address_with_a_reset_that_cancels_it(app, make_user):
    anna = make_user(email="anna@example.org", name="Anna", password=PASSWORD)
    thief = app.test_client()
    sign_in(thief)
    assert ask_for(thief, "thief@example.org").status_code == 302
    warning = last_mail_to("anna@example.org")
    assert warning.subject == "A change of your email address was asked for"
    assert "thief@example.org" in warning.text_body
    assert "cancels the change" in warning.text_body
    confirmation = link_path(last_mail_to("thief@example.org"))

    owner = app.test_client()
    reset = link_path(warning)
    assert reset.startswith("/en/password/reset/")
    assert owner.post(reset, data={"password": NEW}).status_code == 302
    assert not is_signed_in(thief)
    assert thief.post(confirmation).status_code == 400  # the change can no longer be confirmed
    db.session.refresh(anna)
    assert anna.email == "anna@example.org"
    assert verify_password(anna.password_hash, NEW)


def test_a_change_to_a_taken_address_warns_the_owner_the_same_way(client, make_user):
    make_user(email="taken@example.org")
    make_user(email="anna@example.org", name="Anna", password=PASSWORD)
    sign_in(client)
    assert ask_for(client, "taken@example.org").status_code == 302
    assert mails_to("taken@example.org") == []
    assert last_mail_to("anna@example.org").subject == "A change of your email address was asked for"


def _changed_by_a_thief(app, make_user):
    """Someone with Anna's password moves her account to their address and sets their own password."""
    anna = make_user(email="anna@example.org", name="Anna", password=PASSWORD)
    thief = app.test_client()
    sign_in(thief)
    ask_for(thief, "thief@example.org")
    assert thief.post(link_path(last_mail_to("thief@example.org"))).status_code == 302
    changed = thief.post("/en/account/password", data={"password-current_password": PASSWORD,
                                                       "password-new_password": THIEF_PASSWORD})
    assert changed.status_code == 302
    db.session.refresh(anna)
    assert anna.email == "thief@example.org"
    return anna, thief


def test_the_old_address_can_undo_the_change(app, make_user):
    anna, thief = _changed_by_a_thief(app, make_user)
    notice = last_mail_to("anna@example.org")
    assert notice.subject == "The email address of your account has been changed"
    assert "puts this address back" in notice.text_body
    undo = link_path(notice)
    assert undo.startswith("/en/account/email/restore/")

    owner = app.test_client()
    page = owner.get(undo)
    assert page.status_code == 200 and "anna@example.org" in page.text
    assert owner.post(undo, data={"password": "password1"}).status_code == 400  # the password policy applies
    done = owner.post(undo, data={"password": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/en/login")
    db.session.refresh(anna)
    assert anna.email == "anna@example.org" and anna.is_verified
    assert verify_password(anna.password_hash, NEW)
    assert not is_signed_in(thief)
    assert last_mail_to("thief@example.org").subject == "The change of email address has been undone"
    assert owner.post(undo, data={"password": "yet another passphrase"}).status_code == 400  # single use
    sign_in(owner, "anna@example.org", NEW)
    assert is_signed_in(owner)


def test_the_undo_link_is_refused_once_the_old_address_has_another_account(app, make_user):
    _changed_by_a_thief(app, make_user)
    undo = link_path(last_mail_to("anna@example.org"))
    make_user(email="ANNA@example.org", name="Someone else")
    owner = app.test_client()
    refused = owner.get(undo)
    assert refused.status_code == 400
    assert "already used by another account" in refused.text
    assert owner.post(undo, data={"password": NEW}).status_code == 400
    assert db.session.scalar(db.select(User.email).where(User.display_name == "Anna")) == "thief@example.org"


def test_the_undo_link_expires(app, make_user):
    _changed_by_a_thief(app, make_user)
    undo = link_path(last_mail_to("anna@example.org"))
    app.config["EMAIL_RESTORE_MAX_AGE"] = -1
    response = app.test_client().post(undo, data={"password": NEW})
    assert response.status_code == 400
    assert "expired" in response.text
