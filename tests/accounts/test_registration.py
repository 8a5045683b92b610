"""Registration: validation, the same answer for taken addresses, verification links."""
import re

import pytest
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.extensions import db
from participation.permissions import can_participate
from tests.mail_helpers import last_mail_to, link_path, mails_to

PASSWORD = "a long enough secret"


def form(**overrides):
    data = {
        "display_name": "Anna Rossi",
        "email": "anna@example.org",
        "password": PASSWORD,
        "language": "en",
        "accept_terms": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def user_count():
    return db.session.scalar(select(func.count(User.id)))


def test_register_creates_an_unverified_account_and_mails_a_link_in_its_language(client):
    response = client.post("/en/register", data=form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/register/check-email")
    user = db.session.scalar(select(User))
    assert user.display_name == "Anna Rossi"
    assert user.email_key == "anna@example.org"
    assert user.language == "en"
    assert not user.is_verified
    assert user.terms_accepted_at is not None
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    message = last_mail_to("anna@example.org")
    assert message.language == "en"
    assert link_path(message).startswith("/en/verify/")
    page = client.get(response.headers["Location"])
    assert "Check your email" in page.text


def test_verification_link_works_once(client):
    client.post("/en/register", data=form())
    path = link_path(last_mail_to("anna@example.org"))
    assert client.get(path).status_code == 200  # a confirmation page: opening the link changes nothing
    assert not db.session.scalar(select(User)).is_verified
    assert client.post(path).status_code == 302
    user = db.session.scalar(select(User))
    assert user.is_verified
    reused = client.post(path)
    assert reused.status_code == 400
    assert "already been used" in reused.text
    assert client.get(path).status_code == 400


def test_expired_and_forged_verification_links_are_refused(app, client):
    client.post("/en/register", data=form())
    path = link_path(last_mail_to("anna@example.org"))
    forged = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    response = client.post(forged)
    assert response.status_code == 400
    assert "not valid" in response.text
    app.config["EMAIL_VERIFICATION_MAX_AGE"] = -1  # every link is now older than allowed
    response = client.post(path)
    assert response.status_code == 400
    assert "expired" in response.text
    assert not db.session.scalar(select(User)).is_verified


def test_a_token_for_one_purpose_does_not_work_for_another(client, make_user):
    make_user(email="bea@example.org", verified=False, password=PASSWORD)
    client.post("/en/password/forgot", data={"email": "bea@example.org"})
    reset_path = link_path(last_mail_to("bea@example.org"))
    token = reset_path.rsplit("/", 1)[1]
    assert client.post(f"/en/verify/{token}").status_code == 400
    assert client.post(f"/en/account/email/confirm/{token}").status_code == 400


@pytest.mark.parametrize("variant", ["ANNA@EXAMPLE.ORG", "Anna@Example.Org", "ａｎｎａ@example.org"])
def test_taken_address_gets_the_same_answer_and_the_owner_is_told(client, make_user, variant):
    owner = make_user(email="anna@example.org", name="Anna Rossi")
    response = client.post("/en/register", data=form(display_name="Someone Else", email=variant))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/register/check-email")
    assert user_count() == 1
    message = last_mail_to(owner.email)
    assert "tried" in message.subject
    assert "/password/forgot" in message.text_body


def test_same_answer_for_new_and_taken_addresses(client, make_user):
    make_user(email="taken@example.org")
    new = client.post("/en/register", data=form(email="new@example.org"))
    taken = client.post("/en/register", data=form(email="taken@example.org", display_name="Carla"))
    assert (new.status_code, new.headers["Location"]) == (taken.status_code, taken.headers["Location"])


@pytest.mark.parametrize("name", ["ANNA ROSSI", "anna rossi", "Anna  Rossi"])
def test_display_names_are_unique_ignoring_case(client, make_user, name):
    make_user(name="Anna Rossi")
    response = client.post("/en/register", data=form(display_name=name, email="other@example.org"))
    assert response.status_code == 400
    assert "already taken" in response.text
    assert user_count() == 1


@pytest.mark.parametrize(
    "name", ["Admin", "admin2", "4dm1n", "Moderatore", "m0deratore", "Staff", "Anna - staff", "Comune di Cremona",
             "Partecipa", "PARTECIPA team", "Amministratore"],
)
def test_names_that_impersonate_staff_are_refused(client, name):
    response = client.post("/en/register", data=form(display_name=name))
    assert response.status_code == 400
    assert "mistaken for the City" in response.text
    assert user_count() == 0


def test_ordinary_names_that_contain_staff_words_are_accepted(client):
    response = client.post("/en/register", data=form(display_name="Giulia Staffieri"))
    assert response.status_code == 302


def test_errors_follow_the_error_summary_pattern_and_keep_what_was_typed(client):
    response = client.post(
        "/en/register", data=form(display_name="Anna Rossi", email="not-an-address", password="short",
                                  accept_terms=None)
    )
    assert response.status_code == 400
    html = response.text
    assert re.search(r"<title>Error: Create an account", html)
    summary = re.search(r'<div class="error-summary" role="alert" tabindex="-1" id="error-summary".*?</div>', html,
                        re.S).group(0)
    for field_id in ("email", "password", "accept_terms"):
        assert f'href="#{field_id}"' in summary
    assert 'aria-invalid="true"' in html
    assert re.search(r'<input[^>]*aria-describedby="email-hint email-error"[^>]*id="email"', html)
    assert 'id="email-error"' in html
    # What the person typed is still there (except the password).
    assert 'value="Anna Rossi"' in html
    assert 'value="not-an-address"' in html
    assert "short" not in re.search(r'<input[^>]*id="password"[^>]*>', html).group(0)
    assert user_count() == 0


@pytest.mark.parametrize(
    "field, value",
    [("display_name", "x" * 61), ("email", "a" * 250 + "@example.org"), ("password", "p" * 257),
     ("display_name", ""), ("language", "xx"), ("display_name", "<script>")],
)
def test_bad_or_overlong_input_changes_nothing(client, field, value):
    response = client.post("/en/register", data=form(**{field: value}))
    assert response.status_code == 400
    assert f'href="#{field}"' in response.text
    assert user_count() == 0
    assert mails_to("anna@example.org") == []


def test_common_password_is_refused(client):
    response = client.post("/en/register", data=form(password="qwertyuiop"))
    assert response.status_code == 400
    assert "most commonly used" in response.text


def test_double_submission_creates_one_account(client):
    first = client.post("/en/register", data=form())
    second = client.post("/en/register", data=form())
    assert first.status_code == second.status_code == 302
    assert user_count() == 1


def test_database_refuses_two_spellings_of_one_address(app, make_user):
    from sqlalchemy.exc import IntegrityError

    make_user(email="Maria@Example.org")
    db.session.add(User(display_name="Other", email="maria@example.ORG"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_unverified_account_can_set_preferences_but_not_participate(client, make_user, login):
    user = login(make_user(verified=False))
    assert not can_participate(user)
    response = client.post("/en/account", data={"prefs-language": "fr"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.language == "fr"


def test_resend_verification_for_a_signed_in_unverified_account(client, make_user, login):
    user = login(make_user(verified=False, email="late@example.org"))
    assert client.post("/en/verify/resend").status_code == 302
    path = link_path(last_mail_to("late@example.org"))
    client.post(path)
    db.session.refresh(user)
    assert user.is_verified


def test_resend_verification_gives_the_same_answer_for_unknown_addresses(client, make_user):
    make_user(verified=False, email="late@example.org")
    known = client.post("/en/verify/resend", data={"email": "late@example.org"}, follow_redirects=True)
    unknown = client.post("/en/verify/resend", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert "If an unverified account uses this address" in known.text
    assert "If an unverified account uses this address" in unknown.text
    assert len(mails_to("late@example.org")) == 1
    assert mails_to("nobody@example.org") == []
