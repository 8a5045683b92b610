"""Every permission rule of the platform, as small pure predicates.

Views call ``require(predicate, ...)``; templates get the same predicates as
Jinja globals, so a button is shown exactly when its action is allowed.
"""
from flask import abort

PREDICATES = {}


def predicate(func):
    """Register a predicate so templates can call it by name."""
    PREDICATES[func.__name__] = func
    return func


def require(pred, *args, **kwargs):
    """Abort with 403 unless ``pred(*args, **kwargs)`` holds."""
    if not pred(*args, **kwargs):
        abort(403)


def init_app(app):
    app.jinja_env.globals.update(PREDICATES)


# --- translations ---

@predicate
def can_translate(user):
    """Staff and translators edit content translations; needs a signed-in,
    verified, not suspended account with role translator, moderator or administrator."""
    from .accounts.models import Role

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_verified or user.is_suspended:
        return False
    return user.role in (Role.TRANSLATOR, Role.MODERATOR, Role.ADMINISTRATOR)
# --- moderation ---

def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "deleted_at", None) is None


def _active_resident(user):
    return _signed_in(user) and user.is_verified and not user.is_suspended


@predicate
def can_report(user):
    """Verified, not suspended residents (and staff) may report content and profiles."""
    return _active_resident(user)


@predicate
def can_moderate(user):
    """Moderators and administrators who are not suspended."""
    return _signed_in(user) and user.is_staff and not user.is_suspended


@predicate
def can_moderate_content_of(user, author):
    """Staff moderate others' content, never their own."""
    return can_moderate(user) and (author is None or author.id != user.id)


@predicate
def can_suspend(moderator, subject):
    """Nobody suspends themselves or an administrator; only administrators suspend moderators."""
    from .accounts.models import Role

    if not can_moderate(moderator) or subject is None or subject.id == moderator.id:
        return False
    if subject.role == Role.ADMINISTRATOR:
        return False
    if subject.role == Role.MODERATOR:
        return moderator.role == Role.ADMINISTRATOR
    return True


@predicate
def can_appeal(user, decision):
    """The person a decision is about may appeal it once, even while suspended."""
    return (
        _signed_in(user)
        and decision is not None
        and decision.subject_id == user.id
        and decision.is_appealable
        and decision.appeal is None
    )


@predicate
def can_decide_appeal(user, appeal):
    """A moderator other than the appellant, and other than the one who decided unless nobody else can."""
    if not can_moderate(user) or appeal is None or appeal.appellant_id == user.id:
        return False
    if appeal.assigned_to_id is not None:
        return appeal.assigned_to_id == user.id or user.role.value == "administrator" and user.id != appeal.decision.moderator_id
    return user.id != appeal.decision.moderator_id or not _other_moderator_exists(appeal)


def _other_moderator_exists(appeal):
    from sqlalchemy import func, select

    from .accounts.models import Role, User
    from .extensions import db

    return bool(
        db.session.scalar(
            select(func.count()).where(
                User.role.in_([Role.MODERATOR, Role.ADMINISTRATOR]),
                User.deleted_at.is_(None),
                User.id.not_in([appeal.decision.moderator_id or 0, appeal.appellant_id or 0]),
            )
        )
    )


@predicate
def can_view_audit(user):
    """Only administrators browse and export the audit log."""
    from .accounts.models import Role

    return _signed_in(user) and user.role == Role.ADMINISTRATOR and not user.is_suspended
