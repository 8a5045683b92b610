"""Changing the email address of an account, and undoing a change one did not make.

Both addresses are told. When the change is asked for, the current address
gets a warning with a password reset link: a reset signs out every device
and kills the confirmation link sent to the new address (it is bound to the
session version), so the owner can stop a change made from a stolen session
before it happens. Once the change is made, the old address gets a link,
valid for ``EMAIL_RESTORE_MAX_AGE`` (7 days), that puts it back, sets a new
password and signs out every device. The new address is told when that
happens.

Functions flush and never commit; the caller commits once.
"""
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..core.mail import absolute_url
from ..core.models import utcnow
from ..extensions import db
from . import tokens
from .normalize import email_key
from .passwords import hash_password
from .services import (
    AccountError,
    _check_current_password,
    _mail,
    _user_for_token,
    end_all_sessions,
    find_user_by_email,
)


def request_email_change(user, current_password, new_email):
    """Send a confirmation link to ``new_email``; the address changes only when it is followed.

    The current address is warned, with a link to choose a new password
    (which cancels the change). Raises AccountError for a wrong current
    password. A new address that belongs to another account gets no link
    (the answer is the same).
    """
    _check_current_password(user, current_password)
    new_email = new_email.strip()
    reset_token = tokens.make_token(tokens.RESET_PASSWORD, user)
    reset_link = absolute_url("accounts.reset_password", token=reset_token, lang_code=user.language)
    _mail(user, "accounts/email_change_requested", user.language, user=user, new_email=new_email, link=reset_link)
    if find_user_by_email(new_email) is not None:
        return None
    token = tokens.make_token(tokens.CHANGE_EMAIL, user, e=new_email)
    link = absolute_url("accounts.confirm_email", token=token, lang_code=user.language)
    _mail(new_email, "accounts/change_email", user.language, user=user, link=link)
    return token


def confirm_email_change(token):
    """Replace the address with the one the link was sent to; raises tokens.TokenError or AccountError.

    The old address is told, with a link that undoes the change (``restore_email``).
    """
    user, payload = _user_for_token(tokens.CHANGE_EMAIL, token, current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    new_email = payload.get("e")
    if not isinstance(new_email, str) or not new_email:
        raise tokens.TokenError()
    if find_user_by_email(new_email) is not None:
        raise AccountError(_l("This address is already used by another account."))
    old_email, old_language = user.email, user.language
    user.email = new_email
    user.email_verified_at = utcnow()
    db.session.flush()
    restore_token = tokens.make_token(tokens.RESTORE_EMAIL, user, o=old_email)
    link = absolute_url("accounts.restore_email", token=restore_token, lang_code=old_language)
    _mail(old_email, "accounts/email_changed", old_language, user=user, link=link)
    return user


def check_restore_token(token):
    """The account and the address an undo link puts back; raises tokens.TokenError or AccountError.

    The link works while the account uses another address than the one it
    puts back, and that address has no other account.
    """
    user, payload = _user_for_token(tokens.RESTORE_EMAIL, token, current_app.config["EMAIL_RESTORE_MAX_AGE"])
    old_email = payload.get("o")
    if not isinstance(old_email, str) or not old_email or user.email_key == email_key(old_email):
        raise tokens.TokenError()
    owner = find_user_by_email(old_email)
    if owner is not None and owner.id != user.id:
        raise AccountError(_l("This address is already used by another account."))
    return user, old_email


def restore_email(token, new_password):
    """Put back the address an undo link was sent to, set ``new_password`` and end every session.

    Following the link proves the address, so it is verified. The address
    being replaced is told. Raises tokens.TokenError or AccountError.
    """
    user, old_email = check_restore_token(token)
    replaced = user.email
    user.email = old_email
    user.email_verified_at = utcnow()
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    _mail(replaced, "accounts/email_restored", user.language, user=user)
    _mail(user, "accounts/password_changed", user.language, user=user)
    return user
