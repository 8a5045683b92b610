"""Business rules of accounts. Functions flush and never commit; the caller commits once.

Changing the address is in ``address_change.py``; the limits on sign-in and
registration are in ``throttle.py``.

Answers never reveal whether an address has an account: registering with a
taken address, asking for a reset or changing to a taken address all behave,
from the outside, like the ordinary case (the owner of the address is told by
mail instead).
"""
from flask import current_app
from sqlalchemy import func, or_, select, update

from ..core.actions import ActionRefused
from ..core.mail import OutboxMessage, absolute_url, queue_mail, render_mail
from ..core.models import utcnow
from ..extensions import db
from . import throttle, tokens
from .models import Role, User
from .normalize import display_name_key, email_key
from .passwords import burn_verification_time, hash_password, needs_rehash, verify_password
from .personal_data import erase_personal_data, export_time, exported_personal_data

__all__ = [
    "AccountError", "hash_password", "verify_password", "register_user", "authenticate", "send_verification",
    "verify_email", "request_password_reset", "reset_password", "change_password", "update_preferences",
    "export_user_data", "delete_account", "set_role", "create_admin", "register_profile_contributions", "end_all_sessions",
]

# What other features hold about a person (for the data download and deletion) is
# registered in ``personal_data.py``.
# ``register_profile_contributions(func)``: ``func(user)`` returns dicts with "title", "url",
# "created_at" for the public profile (newest first).
PROFILE_CONTRIBUTION_PROVIDERS = []


class AccountError(ActionRefused):
    """A rule refused the action; ``field`` names the form field it concerns (or None)."""


def register_profile_contributions(func):
    """Decorator: list ``func(user)``'s entries among the contributions on the public profile."""
    PROFILE_CONTRIBUTION_PROVIDERS.append(func)
    return func


def profile_contributions(user):
    """What ``user`` published, from every feature that registered a provider, newest first."""
    entries = [entry for provider in PROFILE_CONTRIBUTION_PROVIDERS for entry in provider(user)]
    return sorted(entries, key=lambda entry: entry.get("created_at") or utcnow(), reverse=True)


def find_user_by_email(email):
    """The live (not deleted) account whose address equals ``email`` in any case or Unicode form."""
    key = email_key(email)
    if not key:
        return None
    return db.session.scalar(select(User).where(User.email_key == key, User.deleted_at.is_(None)))


def display_name_taken(name, except_user=None):
    """True when another account already uses ``name`` (ignoring case)."""
    query = select(User.id).where(User.display_name_key == display_name_key(name))
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    return db.session.scalar(query) is not None


def _mail(user_or_address, template, language, **context):
    address = getattr(user_or_address, "email", user_or_address)
    subject, text, html = render_mail(template, language, **context)
    return queue_mail(address, subject, text, html, language=language)


def send_verification(user):
    """Queue a verification link (48 hours, single use) to the user's address."""
    token = tokens.make_token(tokens.VERIFY_EMAIL, user)
    link = absolute_url("accounts.verify", token=token, lang_code=user.language)
    _mail(user, "accounts/verify", user.language, user=user, link=link)


def register_user(display_name, email, password, language, accepted_terms=True, from_address=None):
    """Create an unverified resident and queue the verification mail; return the User.

    With an address that already has an account, nothing is created: the owner
    is told by mail that someone tried to register, and None is returned (the
    caller shows the same answer either way, after the same work: the
    password is hashed on both paths). Raises AccountError for a taken
    display name. With ``from_address``, the registration counts against that
    address's limit (``throttle.count_registration``, which raises
    throttle.LimitReached), on both paths alike.
    """
    password_hash = hash_password(password)
    if from_address is not None:
        throttle.count_registration(from_address)
    existing = find_user_by_email(email)
    if existing is not None:
        link = absolute_url("accounts.forgot_password", lang_code=existing.language)
        _mail(existing, "accounts/register_attempt", existing.language, user=existing, link=link)
        return None
    if display_name_taken(display_name):
        from flask_babel import lazy_gettext as _l

        raise AccountError(_l("This display name is already taken. Choose another."), field="display_name")
    now = utcnow()
    user = User(
        display_name=display_name.strip(),
        email=email.strip(),
        password_hash=password_hash,
        language=language,
        role=Role.RESIDENT,
        terms_accepted_at=now if accepted_terms else None,
    )
    db.session.add(user)
    db.session.flush()
    send_verification(user)
    return user


def authenticate(email, password):
    """The account for these credentials, or None. Upgrades an outdated hash and records the sign-in."""
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        burn_verification_time(password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def end_all_sessions(user):
    """Make every session and remember cookie of ``user`` useless (logout everywhere)."""
    user.end_sessions()
    db.session.flush()
    db.session.refresh(user, ["session_version"])


def _user_for_token(purpose, token, max_age):
    payload = tokens.read_token(purpose, token, max_age)
    user = db.session.get(User, payload["u"])
    if user is None or user.is_deleted or payload.get("s") != tokens.state_for(purpose, user):
        raise tokens.TokenError()
    return user, payload


def verify_email(token):
    """Mark the address of the token's account as verified; raises tokens.TokenError."""
    user, _ = _user_for_token(tokens.VERIFY_EMAIL, token, current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    user.email_verified_at = utcnow()
    db.session.flush()
    return user


def request_password_reset(email):
    """Queue a reset link (1 hour, single use) when ``email`` has an account; nothing otherwise."""
    user = find_user_by_email(email)
    if user is None:
        return None
    token = tokens.make_token(tokens.RESET_PASSWORD, user)
    link = absolute_url("accounts.reset_password", token=token, lang_code=user.language)
    _mail(user, "accounts/reset", user.language, user=user, link=link)
    return user


def check_reset_token(token):
    """The account a reset link is for; raises tokens.TokenError when it is expired, used or forged."""
    user, _ = _user_for_token(tokens.RESET_PASSWORD, token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    return user


def reset_password(token, new_password):
    """Set a new password from a reset link and end every session; raises tokens.TokenError.

    Following the link proves the address, so an unverified account becomes verified.
    """
    user = check_reset_token(token)
    user.password_hash = hash_password(new_password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    end_all_sessions(user)
    _mail(user, "accounts/password_changed", user.language, user=user)
    return user


def _check_current_password(user, password):
    if not verify_password(user.password_hash, password or ""):
        from flask_babel import lazy_gettext as _l

        raise AccountError(_l("The current password is not correct."), field="current_password")


def change_password(user, current_password, new_password):
    """Replace the password after checking the current one; ends every other session. Raises AccountError."""
    _check_current_password(user, current_password)
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    _mail(user, "accounts/password_changed", user.language, user=user)
    return user


def update_preferences(user, language):
    """Store the preferred language (used for mail and for the language of the site)."""
    user.language = language
    db.session.flush()
    return user


def export_user_data(user):
    """Everything the platform holds about ``user``, as a JSON-serialisable dict.

    The account comes first, then one section per feature registered in ``personal_data``.
    """
    data = {
        "account": {
            "id": user.id,
            "display_name": user.display_name,
            "email": user.email,
            "language": user.language,
            "role": user.role.value,
            "created_at": export_time(user.created_at),
            "email_verified_at": export_time(user.email_verified_at),
            "terms_accepted_at": export_time(user.terms_accepted_at),
            "last_login_at": export_time(user.last_login_at),
            "suspended_until": export_time(user.suspended_until),
        },
    }
    data.update(exported_personal_data(user))
    return data


def delete_account(user, password):
    """Erase the account's personal data and end its sessions; contributions stay as "Deleted account".

    Asks for the password (AccountError otherwise). Every feature registered in
    ``personal_data`` forgets the account first. Afterwards the address
    appears nowhere in the database: mail queued to it or mentioning it is
    removed, and it can register again.
    """
    _check_current_password(user, password)
    key = user.email_key
    address = user.email or ""
    erase_personal_data(user)
    if address:
        needles = {address.lower(), key}
        conditions = []
        for needle in needles:
            conditions += [
                func.lower(OutboxMessage.recipient_email) == needle,
                func.lower(OutboxMessage.subject).contains(needle, autoescape=True),
                func.lower(OutboxMessage.text_body).contains(needle, autoescape=True),
                func.lower(OutboxMessage.html_body).contains(needle, autoescape=True),
            ]
        db.session.execute(OutboxMessage.__table__.delete().where(or_(*conditions)))
    user.display_name = None
    user.email = None
    user.password_hash = None
    user.deleted_at = utcnow()
    end_all_sessions(user)
    return user


def set_role(actor, user, role):
    """Give ``user`` the resident, translator or moderator role (administrators only, not on themselves)."""
    from flask_babel import lazy_gettext as _l

    role = Role(role)
    if role == Role.ADMINISTRATOR or user.role == Role.ADMINISTRATOR:
        raise AccountError(_l("Administrators are appointed from the command line."))
    if user.id == actor.id:
        raise AccountError(_l("You cannot change your own role."))
    if user.is_deleted:
        raise AccountError(_l("This account has been deleted."))
    from ..audit.services import record_audit

    before = user.role
    db.session.execute(update(User).where(User.id == user.id).values(role=role))
    db.session.refresh(user)
    record_audit(actor, "role_change", "profile", user.id, note=f"{before.value} -> {role.value}", before_text=before.value)
    return user


def create_admin(email, display_name=None, password=None):
    """Promote the account of ``email`` to administrator, or create a verified administrator.

    Returns ``(user, created)``.
    """
    user = find_user_by_email(email)
    if user is not None:
        user.role = Role.ADMINISTRATOR
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
        db.session.flush()
        return user, False
    user = User(
        display_name=display_name or f"Amministrazione {email_key(email).split('@')[0]}",
        email=email,
        password_hash=hash_password(password) if password else None,
        role=Role.ADMINISTRATOR,
        email_verified_at=utcnow(),
        language=current_app.config.get("BABEL_DEFAULT_LOCALE", "it"),
    )
    db.session.add(user)
    db.session.flush()
    return user, True
