"""Signed, expiring, single-use links (email verification, password reset, email change,
undoing an email change).

Each purpose has its own salt, so a token made for one cannot be used for
another. Each token carries a fingerprint of the account state that using it
changes (the password hash, the verified address, the session version): once
the link has been used, the fingerprint no longer matches and the link is dead.
The link that undoes an address change is the exception: it must survive
whatever the person who made the change does next (a new password, another
address), so it is bound to the account only, and is dead once the address it
puts back is the account's again (``address_change.check_restore_token``).
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"
CHANGE_EMAIL = "change-email"
RESTORE_EMAIL = "restore-email"


class TokenError(Exception):
    """The link is malformed, expired, already used or for another purpose."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"partecipa-{purpose}")


def fingerprint(*parts):
    """A short digest of account state; it changes when any part changes."""
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def state_for(purpose, user):
    """The account state a token of ``purpose`` is bound to."""
    if purpose == VERIFY_EMAIL:
        return fingerprint(user.email_key, user.email_verified_at is not None)
    if purpose == RESET_PASSWORD:
        return fingerprint(user.password_hash, user.session_version, user.email_key)
    if purpose == CHANGE_EMAIL:
        return fingerprint(user.email_key, user.session_version)
    if purpose == RESTORE_EMAIL:
        return fingerprint(user.id)
    raise ValueError(purpose)


def make_token(purpose, user, **extra):
    """A URL-safe signed token for ``user`` and ``purpose`` (extra values are signed too)."""
    payload = {"u": user.id, "s": state_for(purpose, user), **extra}
    return _serializer(purpose).dumps(payload)


def read_token(purpose, token, max_age):
    """The payload of a valid token; raises TokenError. The caller checks ``state_for`` on the user."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError() from error
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise TokenError()
    return payload
