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


# --- participation ---
EDIT_WINDOW_SECONDS = 15 * 60


def _active_resident(user):
    """Signed in, email verified, not suspended, account not deleted."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_verified
        and not user.is_suspended
        and user.deleted_at is None
    )


def _active_staff(user):
    return _active_resident(user) and user.is_staff


def _owns(user, thing):
    return getattr(user, "is_authenticated", False) and getattr(thing, "author_id", None) == user.id


@predicate
def can_comment(user, thread):
    """An active resident may comment on an open thread (``None``: not started yet)."""
    return _active_resident(user) and (thread is None or not thread.is_closed)


@predicate
def can_vote_on(user, target):
    """An active resident may vote on an item, or on someone else's comment or proposal."""
    if not _active_resident(user):
        return False
    return not _owns(user, target)


@predicate
def can_edit_comment(user, comment, now=None):
    """The author, still active, within 15 minutes of posting, while the thread is open."""
    from datetime import UTC, datetime

    if not (_active_resident(user) and _owns(user, comment)) or comment.deleted_at is not None:
        return False
    if comment.thread is not None and comment.thread.is_closed:
        return False
    now = now or datetime.now(UTC)
    created = comment.created_at if comment.created_at.tzinfo else comment.created_at.replace(tzinfo=UTC)
    return (now - created).total_seconds() <= EDIT_WINDOW_SECONDS


@predicate
def can_delete_comment(user, comment):
    """The author may delete their comment at any time."""
    return _owns(user, comment) and user.deleted_at is None and comment.deleted_at is None


@predicate
def can_mark_official(user):
    """Staff mark their answers official."""
    return _active_staff(user)


@predicate
def can_close_thread(user):
    return _active_staff(user)


@predicate
def can_see_comment_versions(user):
    return _active_staff(user)


@predicate
def can_submit_proposal(user):
    return _active_resident(user)


@predicate
def can_view_proposal(user, proposal):
    """Drafts are seen by their author only."""
    return proposal.status != "draft" or _owns(user, proposal)


@predicate
def can_edit_proposal(user, proposal):
    """The author, until the first support or comment."""
    if not (_active_resident(user) and _owns(user, proposal)):
        return False
    if proposal.status == "draft":
        return True
    return proposal.status == "published" and proposal.support_count == 0 and proposal.comment_count == 0


@predicate
def can_withdraw_proposal(user, proposal):
    return _owns(user, proposal) and user.deleted_at is None and proposal.status not in ("draft", "withdrawn")


@predicate
def can_answer_proposal(user):
    """Staff move proposals through the status workflow."""
    return _active_staff(user)


@predicate
def can_follow(user):
    return bool(getattr(user, "is_authenticated", False) and user.deleted_at is None)
