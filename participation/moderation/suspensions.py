"""Suspended accounts: how long a suspension lasts and which decision suspends someone now."""
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from .models import Action, Decision

SUSPENSION_CHOICES = (1, 3, 7, 30, 0)  # days; 0 = permanent
PERMANENT = timedelta(days=365 * 200)


def suspend(subject, days, now):
    """Suspend ``subject`` for ``days`` from ``now`` (0 = permanently); returns the end of the suspension.

    Every session and remember-me cookie of the account stops working at once:
    the person signs in again and then sees the suspension and can appeal it.
    """
    until = now + (PERMANENT if days == 0 else timedelta(days=days))
    subject.suspended_until = until
    subject.end_sessions()
    return until


def current_suspension(user):
    """The decision that suspends ``user`` now, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_suspended:
        return None
    return db.session.scalar(
        select(Decision)
        .where(Decision.subject_id == user.id, Decision.action == Action.SUSPEND)
        .order_by(Decision.created_at.desc())
        .limit(1)
    )
