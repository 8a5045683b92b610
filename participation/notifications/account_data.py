"""What notifications hold about a person: what they follow, their notifications, their email settings.

Deleting the account erases all three (nobody else sees them). The
notifications other people received about what the person did stay: they
name the person by account id, so they show the deleted-author name from
then on (``actors.py``).
"""
from sqlalchemy import delete, select

from ..accounts.personal_data import export_time, register_personal_data
from ..core.i18n import current_language
from ..extensions import db
from .actors import actor_names
from .email import describe, notification_link
from .forms import kinds_for
from .kinds import NOTIFICATION_KINDS
from .models import Follow, Notification, NotificationPreference
from .services import email_modes


def export_follows(user):
    """The discussions (threads) and groups ``user`` follows, oldest first."""
    follows = db.session.scalars(select(Follow).where(Follow.user_id == user.id).order_by(Follow.id)).all()
    return [
        {"thread_id": follow.thread_id, "group_id": follow.group_id, "since": export_time(follow.created_at)}
        for follow in follows
    ]


def export_notifications(user):
    """Every notification of ``user``, newest first, as the notifications page says it."""
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())
    ).all()
    names = actor_names(notifications)
    language = current_language().code
    return [
        {
            "kind": notification.kind,
            "message": describe(notification, names),
            "link": notification_link(notification, language),
            "created_at": export_time(notification.created_at),
            "read_at": export_time(notification.read_at),
            "email": notification.email_status,
        }
        for notification in notifications
    ]


def export_notification_settings(user):
    """For each kind of notification ``user`` can receive or has chosen for: the email they get
    (off, immediate, daily) and whether they chose it or it is the default."""
    chosen = set(db.session.scalars(
        select(NotificationPreference.kind).where(NotificationPreference.user_id == user.id)
    ))
    offered = set(kinds_for(user)) | chosen
    return [
        {"kind": kind, "label": str(NOTIFICATION_KINDS[kind].label), "email": mode, "chosen": kind in chosen}
        for kind, mode in email_modes(user).items() if kind in NOTIFICATION_KINDS and kind in offered
    ]


def erase_notifications(user):
    """Delete what ``user`` follows, their notifications and their email settings."""
    for model in (Follow, Notification, NotificationPreference):
        db.session.execute(delete(model).where(model.user_id == user.id))


register_personal_data("follows", export=export_follows)
register_personal_data("notifications", export=export_notifications, erase=erase_notifications)
register_personal_data("notification_settings", export=export_notification_settings)
