"""What the site's own pages hold about a person: the accessibility feedback they sent.

Deleting the account keeps the messages for the staff, without the reply
address: on each message the person sent signed in, or that gives their
address, the address is erased.
"""
from sqlalchemy import func, or_, select, update

from ..accounts.normalize import email_key
from ..accounts.personal_data import export_time, register_personal_data
from ..extensions import db
from .models import AccessibilityFeedback


def _feedback_of(user):
    """The feedback ``user`` sent signed in, or that names their address as the one to answer."""
    condition = AccessibilityFeedback.author_id == user.id
    if user.email:
        spellings = {user.email.strip().lower(), email_key(user.email)}
        condition = or_(condition, func.lower(AccessibilityFeedback.email).in_(spellings))
    return condition


def export_feedback(user):
    """Every accessibility message of ``user``, oldest first."""
    messages = db.session.scalars(
        select(AccessibilityFeedback).where(_feedback_of(user)).order_by(AccessibilityFeedback.id)
    ).all()
    return [
        {
            "message": feedback.message,
            "reply_address": feedback.email,
            "page": feedback.page_url,
            "language": feedback.language,
            "created_at": export_time(feedback.created_at),
            "handled_at": export_time(feedback.handled_at),
        }
        for feedback in messages
    ]


def erase_feedback_addresses(user):
    """Erase the reply address of every accessibility message of ``user`` (the messages stay)."""
    db.session.execute(
        update(AccessibilityFeedback).where(_feedback_of(user)).values(email=None)
        .execution_options(synchronize_session=False)
    )


register_personal_data("accessibility_feedback", export=export_feedback, erase=erase_feedback_addresses)
