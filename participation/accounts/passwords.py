"""Password hashing (argon2id) and the password policy.

The policy follows NIST SP 800-63B: a length range, no composition rules, no
truncation, and a refusal of the most common passwords.
"""
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 256


def _hasher():
    """The argon2id hasher built from the app's ARGON2_* settings (cached per app)."""
    config = current_app.config
    params = (config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])
    cache = current_app.extensions.setdefault("argon2_hashers", {})
    if params not in cache:
        cache[params] = PasswordHasher(
            time_cost=params[0], memory_cost=params[1], parallelism=params[2], hash_len=32, salt_len=16, type=Type.ID
        )
    return cache[params]


def hash_password(password):
    """Return an argon2id hash of ``password`` with the configured parameters."""
    return _hasher().hash(password)


def verify_password(password_hash, password):
    """True when ``password`` matches ``password_hash``; False for no hash or a malformed one."""
    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    """True when the hash was made with other parameters than the configured ones."""
    return _hasher().check_needs_rehash(password_hash)


_DUMMY = {}


def burn_verification_time(password):
    """Verify against a throw-away hash so an unknown account answers as slowly as a known one."""
    key = id(current_app._get_current_object())
    if key not in _DUMMY:
        _DUMMY.clear()
        _DUMMY[key] = hash_password("not a real password, only for timing")
    verify_password(_DUMMY[key], password)


@lru_cache(maxsize=4)
def _common_passwords(path):
    return frozenset(line.strip().casefold() for line in Path(path).read_text("utf-8").splitlines() if line.strip())


def is_common_password(password):
    """True when the password (ignoring case) is on the shipped list of common passwords."""
    return password.casefold() in _common_passwords(current_app.config["COMMON_PASSWORDS_PATH"])


def password_problem(password):
    """The reason ``password`` is refused (a lazy translated string), or None when acceptable."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(min)d characters.", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(max)d characters.", max=MAX_LENGTH)
    if is_common_password(password):
        return _l("This password is one of the most commonly used ones, so it is easy to guess. Choose another.")
    return None
