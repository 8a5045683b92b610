"""Business rules of the site's pages: accessibility feedback."""
from sqlalchemy import select

from ..core.models import utcnow
from ..extensions import db
from .models import AccessibilityFeedback

FEEDBACK_PER_PAGE = 50


def record_accessibility_feedback(user, *, message, email, page_url, language):
    """Store a message about an accessibility problem for the staff to read.

    ``user`` is the signed-in sender or None; ``email`` and ``page_url`` may be
    empty. The form has validated the values. Flushes, never commits; returns
    the new AccessibilityFeedback.
    """
    author_id = user.id if user is not None and getattr(user, "is_authenticated", False) else None
    feedback = AccessibilityFeedback(
        message=message.strip(),
        email=(email or "").strip() or None,
        page_url=(page_url or "").strip() or None,
        language=language,
        author_id=author_id,
    )
    db.session.add(feedback)
    db.session.flush()
    return feedback


def mark_accessibility_feedback_handled(user, feedback):
    """Record that staff member ``user`` has dealt with ``feedback`` (harmless if already handled)."""
    if feedback.handled_at is None:
        feedback.handled_at = utcnow()
        feedback.handled_by_id = user.id
        db.session.flush()
    return feedback


def list_accessibility_feedback(page=1):
    """Feedback for the staff, open messages first, newest first, FEEDBACK_PER_PAGE to a page."""
    query = select(AccessibilityFeedback).order_by(
        AccessibilityFeedback.handled_at.is_not(None),
        AccessibilityFeedback.created_at.desc(),
        AccessibilityFeedback.id.desc(),
    )
    return db.paginate(query, page=page, per_page=FEEDBACK_PER_PAGE, error_out=False)
