"""Password hashing parameters and the password policy."""
from argon2 import PasswordHasher, Type

from participation.accounts.passwords import hash_password, is_common_password, password_problem, verify_password
from participation.config import ProductionConfig
from participation.extensions import db

STRONG = "correct horse battery staple"


def test_production_uses_argon2id_at_owasp_minimum_or_above(tmp_path):
    from participation import create_app
    from tests.conftest import make_config

    assert ProductionConfig.ARGON2_MEMORY_COST >= 19456
    assert ProductionConfig.ARGON2_TIME_COST >= 2
    assert ProductionConfig.ARGON2_PARALLELISM >= 1
    # The hash itself carries the parameters: build one exactly as production would.
    production_like = make_config(
        tmp_path,
        ARGON2_TIME_COST=ProductionConfig.ARGON2_TIME_COST,
        ARGON2_MEMORY_COST=ProductionConfig.ARGON2_MEMORY_COST,
        ARGON2_PARALLELISM=ProductionConfig.ARGON2_PARALLELISM,
    )
    app = create_app(production_like)
    with app.app_context():
        hashed = hash_password(STRONG)
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_hash_verifies_and_rejects(app):
    hashed = hash_password(STRONG)
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, STRONG)
    assert not verify_password(hashed, STRONG + "!")
    assert not verify_password(None, STRONG)
    assert not verify_password("not a hash", STRONG)


def test_long_passwords_are_not_truncated(app):
    long_password = "x" * 100 + "tail-that-matters" + "y" * 100
    hashed = hash_password(long_password)
    assert verify_password(hashed, long_password)
    assert not verify_password(hashed, long_password[:72])
    assert not verify_password(hashed, long_password[:-1])


def test_outdated_hash_is_upgraded_at_next_login(client, make_user):
    old_hasher = PasswordHasher(time_cost=3, memory_cost=16, parallelism=1, type=Type.ID)
    user = make_user(email="old@example.org", password_hash=old_hasher.hash(STRONG))
    assert "m=16,t=3" in user.password_hash
    response = client.post("/it/login", data={"email": "old@example.org", "password": STRONG})
    assert response.status_code == 302
    db.session.refresh(user)
    assert "m=8,t=1,p=1" in user.password_hash  # the TestingConfig parameters
    assert verify_password(user.password_hash, STRONG)


def test_policy_length_and_common_passwords(app):
    assert password_problem("short") is not None
    assert password_problem("a" * 9) is not None
    assert password_problem("x" * 10 + "q") is None
    assert password_problem("z" * 257) is not None
    assert password_problem("é" * 256) is None
    # No composition rules: lower-case words are fine when long and uncommon.
    assert password_problem("the river po at dawn") is None
    assert is_common_password("qwertyuiop")
    assert is_common_password("QwertyUiop")  # ignoring case
    assert password_problem("1234567890") is not None
    assert password_problem("1q2w3e4r5t") is not None


def test_common_password_list_has_at_least_ten_thousand_entries(app):
    from pathlib import Path

    lines = [line for line in Path(app.config["COMMON_PASSWORDS_PATH"]).read_text().splitlines() if line.strip()]
    assert len(set(lines)) >= 10000
