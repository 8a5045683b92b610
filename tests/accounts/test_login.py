"""Signing in and out: same answers, safe redirects, cookies, session versions, rate limits."""
import re

import pytest
from flask import g

from participation import create_app
from participation.accounts.models import User
from participation.config import ProductionConfig
from participation.extensions import db
from tests.conftest import empty_database, make_config, release_database

PASSWORD = "a long enough secret"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/en/login", data={"email": email, "password": password, **extra})


def test_sign_in_and_out(client, make_user):
    make_user(email="anna@example.org", name="Anna", password=PASSWORD)
    response = sign_in(client, "ANNA@example.org")
    assert response.status_code == 302
    assert "Anna" in client.get("/en/account").text
    response = client.post("/en/logout")
    assert response.status_code == 302
    assert client.get("/en/account").status_code == 302  # back to the sign-in page


def test_wrong_password_and_unknown_account_get_the_same_answer(client, make_user):
    make_user(email="anna@example.org", password=PASSWORD)
    wrong = sign_in(client, "anna@example.org", "not the password at all")
    unknown = sign_in(client, "nobody@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 400
    message = "The email address or the password is not correct."
    assert message in wrong.text and message in unknown.text
    def comparable(text, email):
        # The per-response script nonce is the only part meant to differ.
        return re.sub(r'nonce="[^"]+"', 'nonce=""', text.replace(email, "X"))

    assert comparable(wrong.text, "anna@example.org") == comparable(unknown.text, "nobody@example.org")


def test_deleted_or_passwordless_accounts_cannot_sign_in(client, make_user):
    make_user(email="nopass@example.org")
    assert sign_in(client, "nopass@example.org").status_code == 400


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/evil.example", "javascript:alert(1)",
     " //evil.example", "\t/x"],
)
def test_next_pointing_off_site_is_ignored(client, make_user, next_url):
    make_user(email="anna@example.org", password=PASSWORD)
    response = client.post("/en/login", query_string={"next": next_url},
                           data={"email": "anna@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"


def test_next_on_the_site_is_followed(client, make_user):
    make_user(email="anna@example.org", password=PASSWORD)
    response = client.post("/en/login", data={"email": "anna@example.org", "password": PASSWORD,
                                              "next": "/en/groups?page=2"})
    assert response.headers["Location"] == "/en/groups?page=2"


def test_login_required_pages_send_back_after_sign_in(client, make_user):
    make_user(email="anna@example.org", password=PASSWORD)
    response = client.get("/en/account")
    assert response.status_code == 302
    assert "/en/login?next=" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert 'name="next" type="hidden" value="/en/account"' in page.text


def test_session_cookie_flags(client, make_user):
    make_user(email="anna@example.org", password=PASSWORD)
    response = sign_in(client, "anna@example.org", remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure():
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY is True
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"


def _cookie(client, name):
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def test_a_replayed_session_cookie_is_refused_after_logout(client, make_user):
    make_user(email="anna@example.org", name="Anna", password=PASSWORD)
    sign_in(client, "anna@example.org")
    saved = _cookie(client, "session")
    assert client.get("/en/account").status_code == 200
    client.post("/en/logout")
    client.set_cookie("session", saved)  # an attacker who copied the cookie
    response = client.get("/en/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_replayed_remember_cookie_is_refused_after_logout(app, make_user):
    make_user(email="anna@example.org", password=PASSWORD)
    browser = app.test_client()
    sign_in(browser, "anna@example.org", remember="y")
    remember = _cookie(browser, "remember_token")
    assert remember
    browser.post("/en/logout")
    thief = app.test_client()
    thief.set_cookie("remember_token", remember)
    assert thief.get("/en/account").status_code == 302


def test_remember_cookie_signs_in_a_new_browser_session(app, make_user):
    make_user(email="anna@example.org", password=PASSWORD)
    browser = app.test_client()
    sign_in(browser, "anna@example.org", remember="y")
    remember = _cookie(browser, "remember_token")
    later = app.test_client()
    later.set_cookie("remember_token", remember)
    assert later.get("/en/account").status_code == 200


def test_sign_in_starts_a_new_session(client, make_user):
    make_user(email="anna@example.org", password=PASSWORD)
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, "anna@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].endswith(":1")


def test_suspension_of_a_user_ends_its_sessions(client, make_user):
    user = make_user(email="anna@example.org", password=PASSWORD)
    sign_in(client, "anna@example.org")
    user.end_sessions()  # what a suspension does (moderation)
    db.session.commit()
    # The test shares one app context between requests; Flask-Login caches the user in g.
    g.pop("_login_user", None)
    assert client.get("/en/account").status_code == 302


# --- rate limits (created with RATELIMIT_ENABLED=True) ---


@pytest.fixture
def limited_app(tmp_path):
    app = create_app(make_config(tmp_path, RATELIMIT_ENABLED=True))
    with app.app_context():
        empty_database()
        user = User(display_name="Anna", email="anna@example.org")
        from participation.accounts.passwords import hash_password

        user.password_hash = hash_password(PASSWORD)
        user.email_verified_at = user.created_at
        db.session.add(user)
        db.session.commit()
        yield app
        release_database()


def attempt(app, address, email="anna@example.org", password="wrong password guess"):
    client = app.test_client()
    return client.post("/en/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_failed_logins_are_limited_per_account_and_address(limited_app):
    for _ in range(5):
        assert attempt(limited_app, "10.0.0.1").status_code == 400
    blocked = attempt(limited_app, "10.0.0.1", password=PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert re.search(r"Try again in 1[0-5] minutes", blocked.text)  # the window is 15 minutes
    assert "<title>Error:" in blocked.text


def test_the_resident_is_not_locked_out_by_one_attacker(limited_app):
    for _ in range(6):
        attempt(limited_app, "10.0.0.66")
    resident = attempt(limited_app, "192.0.2.7", password=PASSWORD)
    assert resident.status_code == 302


def test_failed_logins_are_limited_per_address_across_accounts(limited_app):
    for n in range(20):
        attempt(limited_app, "10.0.0.2", email=f"guess{n}@example.org")
    blocked = attempt(limited_app, "10.0.0.2", email="someone-else@example.org")
    assert blocked.status_code == 429
    assert "Try again in" in blocked.text
    assert attempt(limited_app, "10.0.0.3", password=PASSWORD).status_code == 302


def test_a_distributed_attack_is_limited_per_account(limited_app):
    for n in range(50):
        attempt(limited_app, f"10.1.{n // 200}.{n % 200}")
    assert attempt(limited_app, "10.9.9.9").status_code == 429


def test_a_successful_sign_in_clears_the_address_account_counter(limited_app):
    for _ in range(4):
        attempt(limited_app, "10.0.0.4")
    assert attempt(limited_app, "10.0.0.4", password=PASSWORD).status_code == 302
    for _ in range(4):
        assert attempt(limited_app, "10.0.0.4").status_code == 400
    assert attempt(limited_app, "10.0.0.4", password=PASSWORD).status_code == 302


def test_limits_are_off_when_disabled(client, make_user):
    make_user(email="anna@example.org", password=PASSWORD)
    for _ in range(8):
        sign_in(client, "anna@example.org", "wrong password guess")
    assert sign_in(client, "anna@example.org").status_code == 302
