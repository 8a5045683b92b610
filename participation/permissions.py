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


# --- accessibility ---


@predicate
def can_read_accessibility_feedback(user):
    """Moderators and administrators read the accessibility feedback and mark it handled."""
    return bool(user is not None and user.is_authenticated and user.is_staff)
