"""Registration: the same work whether or not an address has an account, and a limit that counts only
accepted registrations, keeps the form and says when to try again."""
import re
from datetime import timedelta

import argon2
import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.accounts.models import AcceptedRegistration, User
from participation.core.models import utcnow
from participation.extensions import db
from tests.conftest import empty_database, make_config, release_database

PASSWORD = "a long enough secret"


def form(n=0, **overrides):
    data = {"display_name": f"Resident {n}", "email": f"resident{n}@example.org", "password": PASSWORD,
            "language": "en", "accept_terms": "y"}
    data.update(overrides)
    return data


def user_count():
    return db.session.scalar(select(func.count(User.id)))


@pytest.fixture
def hash_calls(monkeypatch):
    """How many times argon2 hashed or verified a password since the test began."""
    calls = {"hash": 0, "verify": 0}
    real_hash, real_verify = argon2.PasswordHasher.hash, argon2.PasswordHasher.verify

    def counted_hash(self, *args, **kwargs):
        calls["hash"] += 1
        return real_hash(self, *args, **kwargs)

    def counted_verify(self, *args, **kwargs):
        calls["verify"] += 1
        return real_verify(self, *args, **kwargs)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", counted_hash)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", counted_verify)
    return calls


def test_a_taken_address_costs_the_same_password_hashing_as_a_new_one(client, make_user, hash_calls):
    make_user(email="taken@example.org", name="Owner")
    before = dict(hash_calls)
    new = client.post("/en/register", data=form(1, email="new@example.org"))
    for_new = {kind: hash_calls[kind] - before[kind] for kind in hash_calls}
    before = dict(hash_calls)
    taken = client.post("/en/register", data=form(2, email="taken@example.org"))
    for_taken = {kind: hash_calls[kind] - before[kind] for kind in hash_calls}
    assert new.status_code == taken.status_code == 302
    assert new.headers["Location"] == taken.headers["Location"]
    assert for_new == for_taken
    assert for_new["hash"] == 1


class Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


@pytest.fixture
def limited(tmp_path):
    """An app with its limits on (and a clock the test moves), and a client for one shared address."""
    clock = Clock()
    app = create_app(make_config(tmp_path, RATELIMIT_ENABLED=True, ACCOUNT_LIMITS_CLOCK=clock))
    with app.app_context():
        empty_database()
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "203.0.113.10"  # the library's one public address
        yield client, clock
        release_database()


def test_mistakes_do_not_count_and_ten_accepted_registrations_do(limited):
    client, _ = limited
    db.session.add(User(display_name="Owner", email="taken@example.org", email_verified_at=utcnow()))
    db.session.commit()
    for n in range(15):  # typos, common passwords, forgotten boxes: each is answered on its form
        mistake = [form(n, password="password1"), form(n, email="not an address"), form(n, accept_terms=None)][n % 3]
        assert client.post("/en/register", data={k: v for k, v in mistake.items() if v is not None}).status_code == 400
    assert client.post("/en/register", data=form(99, display_name="Owner")).status_code == 400  # a taken name
    for n in range(9):
        assert client.post("/en/register", data=form(n)).status_code == 302
    # The answer for an address that already has an account is the same, and so is its count.
    assert client.post("/en/register", data=form(50, email="taken@example.org")).status_code == 302
    assert db.session.scalar(select(func.count(AcceptedRegistration.id))) == 10

    refused = client.post("/en/register", data=form(10, display_name="Giulia Bianchi", email="giulia@example.org",
                                                    language="it"))
    assert refused.status_code == 429
    page = refused.text
    assert "Too many accounts have been created from this connection in the last hour." in page
    assert "try again in 60 minutes" in page
    assert 'value="Giulia Bianchi"' in page and 'value="giulia@example.org"' in page
    assert re.search(r'<option selected value="it">|<option value="it" selected>', page)
    assert re.search(r'<input checked[^>]*name="accept_terms"|name="accept_terms"[^>]*checked', page)
    assert PASSWORD not in page
    assert user_count() == 1 + 9  # the owner and nine new residents: nothing of the refused one is kept

    elsewhere = client.post("/en/register", data=form(11), environ_base={"REMOTE_ADDR": "198.51.100.4"})
    assert elsewhere.status_code == 302


def test_the_registration_limit_ends_an_hour_after_the_oldest_accepted_one(limited):
    client, clock = limited
    for n in range(10):
        assert client.post("/en/register", data=form(n)).status_code == 302
    clock.now += timedelta(minutes=59, seconds=30)
    refused = client.post("/en/register", data=form(10))
    assert refused.status_code == 429
    assert "try again in 1 minute." in refused.text
    clock.now += timedelta(seconds=31)
    assert client.post("/en/register", data=form(10)).status_code == 302
