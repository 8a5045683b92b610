"""What can be reported and moderated, behind one small interface.

Each kind of target registers a ``TargetType`` that knows how to load it,
who wrote it, its current text, where it lives, and how to hide, restore or
edit it. Profiles are registered here; every other kind of contribution
registers itself in a ``moderation_targets`` module beside its own models.
The moderation rules only talk to this interface.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import delete, select, update

from ..core.models import utcnow
from ..core.sql import insert_ignoring_conflict
from ..extensions import db
from .models import HiddenTarget, ReportReason

TARGET_TYPES = {}

# The reason a contribution hidden automatically by reports carries until a moderator decides: the
# reporters' reason is only their claim, so the page says it waits for review.
PENDING_REVIEW = "pending_review"


@dataclass(frozen=True)
class TargetType:
    name: str
    load: Callable[[int], Any]  # id -> object or None
    author: Callable[[Any], Any]  # object -> User or None
    text: Callable[[Any], str]  # the text a moderator reviews (and that an edit replaces)
    url: Callable[[Any], str]
    # (object, reason, pending_review) -> True when the object was not hidden and this call hid it. Each
    # checks under the row's lock (``core.sql.lock_row``), so of several requests at once one hides it.
    # On an object already hidden, a moderator's hiding (pending_review False) records its reason and an
    # automatic one (pending_review True) changes nothing.
    hide: Callable[[Any, Any, bool], bool]
    restore: Callable[[Any], bool]  # object -> True when it was hidden and this call made it visible
    is_hidden: Callable[[Any], bool]
    edit: Callable[[Any, str, Any], None]  # (object, new text, moderator)
    context: Callable[[Any], list] = lambda obj: []  # [(label, text)] around it, for reviewers
    # For contributions held before publication; True when this call published it (checked under the lock).
    publish: Callable[[Any], bool] | None = None
    label: str = ""
    # How many of a person's contributions of this kind are published (new accounts are held until enough are).
    count_published_by: Callable[[Any], int] | None = None
    # (person, since) -> when they wrote contributions of this kind since then, oldest first (write limits).
    written_since: Callable[[Any, datetime], list[datetime]] | None = None
    # How many wait for an answer from staff; the dashboard shows it as "<name>s_awaiting".
    count_awaiting_answer: Callable[[], int] | None = None


def register_target_type(target_type):
    """Make a kind of target reportable and moderatable under its name; returns it."""
    TARGET_TYPES[target_type.name] = target_type
    return target_type


def get_target_type(name):
    """The registered ``TargetType`` called ``name``, or None."""
    return TARGET_TYPES.get(name)


def target_types():
    """Every registered ``TargetType``, in the order they were registered."""
    return list(TARGET_TYPES.values())


# --- generic hiding for objects without a status of their own -----------------

def hidden_row(target_type, target_id):
    return db.session.scalar(
        select(HiddenTarget).where(HiddenTarget.target_type == target_type, HiddenTarget.target_id == target_id)
    )


def hide_generic(target_type):
    """Hiding through a ``HiddenTarget`` row: its unique constraint lets one of simultaneous hidings add it."""

    def hide(obj, reason, pending_review=False):
        added = insert_ignoring_conflict(
            HiddenTarget, target_type=target_type, target_id=obj.id, reason=ReportReason(reason),
            pending_review=pending_review, hidden_at=utcnow(),
        )
        if not added and not pending_review:
            db.session.execute(
                update(HiddenTarget)
                .where(HiddenTarget.target_type == target_type, HiddenTarget.target_id == obj.id)
                .values(reason=ReportReason(reason), pending_review=False)
            )
        return bool(added)

    return hide


def restore_generic(target_type):
    """Making visible again by deleting the ``HiddenTarget`` row: one of simultaneous restorings deletes it."""

    def restore(obj):
        removed = db.session.execute(
            delete(HiddenTarget).where(HiddenTarget.target_type == target_type, HiddenTarget.target_id == obj.id)
        ).rowcount
        return bool(removed)

    return restore


def is_hidden_generic(target_type):
    return lambda obj: hidden_row(target_type, obj.id) is not None


# --- profiles ------------------------------------------------------------------

def _load_profile(user_id):
    from ..accounts.models import User

    user = db.session.get(User, user_id)
    return user if user is not None and user.deleted_at is None else None


def _edit_profile(user, new_text, moderator):
    user.display_name = new_text.strip()[:60]
    db.session.flush()


def _profile_url(user):
    return url_for("accounts.profile", user_id=user.id)


register_target_type(
    TargetType(
        name="profile",
        load=_load_profile,
        author=lambda user: user,
        text=lambda user: user.display_name or "",
        url=_profile_url,
        hide=hide_generic("profile"),
        restore=restore_generic("profile"),
        is_hidden=is_hidden_generic("profile"),
        edit=_edit_profile,
    )
)
