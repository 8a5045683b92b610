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
