"""Follows and notifications: who hears about what, in the site and by email."""
from sqlalchemy import delete, func, insert, select, update

from ..core.models import utcnow
from ..core.sql import insert_ignoring_conflict
from ..extensions import db
from .models import DEFAULT_EMAIL_MODE, EMAIL_MODES, KINDS, Follow, Notification, NotificationPreference

PAGE_SIZE = 30


class NotificationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- follows -------------------------------------------------------------

def follow_thread(user, thread):
    """``user`` follows a discussion; following twice changes nothing."""
    insert_ignoring_conflict(Follow, user_id=user.id, thread_id=thread.id, created_at=utcnow())


def unfollow_thread(user, thread):
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.thread_id == thread.id))


def follow_group(user, group_id):
    insert_ignoring_conflict(Follow, user_id=user.id, group_id=group_id, created_at=utcnow())


def unfollow_group(user, group_id):
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.group_id == group_id))


def is_following_thread(user, thread):
    if thread is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(func.count()).where(Follow.user_id == user.id, Follow.thread_id == thread.id)
    ) > 0


def is_following_group(user, group_id):
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(func.count()).where(Follow.user_id == user.id, Follow.group_id == group_id)
    ) > 0


# --- notifications -------------------------------------------------------

def email_mode(user, kind):
    """'off', 'immediate' or 'daily': the person's choice, else the default for the kind."""
    chosen = db.session.scalar(
        select(NotificationPreference.email_mode).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind == kind)
    )
    return chosen or DEFAULT_EMAIL_MODE[kind]


def email_modes(user):
    modes = dict(DEFAULT_EMAIL_MODE)
    modes.update(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.email_mode)
        .where(NotificationPreference.user_id == user.id)
    ).all())
    return modes


def set_email_mode(user, kind, mode):
    """Store the email choice for one kind of notification."""
    if kind not in KINDS or mode not in EMAIL_MODES:
        raise NotificationError("unknown kind or mode")
    updated = db.session.execute(
        update(NotificationPreference)
        .where(NotificationPreference.user_id == user.id, NotificationPreference.kind == kind)
        .values(email_mode=mode)
    ).rowcount
    if not updated:
        insert_ignoring_conflict(NotificationPreference, user_id=user.id, kind=kind, email_mode=mode)


def set_email_modes(user, modes):
    """Store several choices at once: ``{"reply": "off", ...}``."""
    for kind, mode in modes.items():
        set_email_mode(user, kind, mode)


def notify(user, kind, **data):
    """Tell ``user`` about something: a notification in the site and, by preference, an email.

    ``kind`` is one of ``KINDS``; ``data`` holds what the message needs (names,
    titles, ids) as JSON. Other features call it, for example the groups
    feature with ``notify(member, "group_decision", group=name, accepted=True)``.
    Deleted accounts are skipped. Returns the Notification or None. Flushes only.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if user is None or user.deleted_at is not None:
        return None
    notification = Notification(user_id=user.id, kind=kind, data=data, created_at=utcnow())
    db.session.add(notification)
    mode = _email_modes_of([user], kind)[user.id]
    if mode == "daily":
        notification.email_status = "pending"
    db.session.flush()
    if mode == "immediate":
        from .email import send_notification_email

        if send_notification_email(notification):
            notification.email_status = "sent"
    return notification


def _email_modes_of(users, kind):
    """{user id: 'off' | 'immediate' | 'daily'} for ``kind``, in one query; 'off' without a verified email."""
    chosen = dict(db.session.execute(
        select(NotificationPreference.user_id, NotificationPreference.email_mode).where(
            NotificationPreference.user_id.in_([u.id for u in users]), NotificationPreference.kind == kind)
    ).all())
    return {u.id: (chosen.get(u.id) or DEFAULT_EMAIL_MODE[kind]) if u.email and u.email_verified_at else "off"
            for u in users}


def notify_many(users, kind, **data):
    """``notify`` for many people at once (the followers of a discussion).

    ``users`` are accounts or rows with their ``id``, ``email``,
    ``email_verified_at`` and ``deleted_at``. Those who want an email at once
    go through ``notify``; the others' rows are written with one multi-row
    INSERT, so a discussion with a thousand followers costs one statement,
    not a thousand.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    users = [u for u in users if u is not None and u.deleted_at is None]
    if not users:
        return
    modes = _email_modes_of(users, kind)
    now = utcnow()
    rows = [{"user_id": u.id, "kind": kind, "data": data, "created_at": now,
             "email_status": "pending" if modes[u.id] == "daily" else "none"}
            for u in users if modes[u.id] != "immediate"]
    if rows:
        db.session.execute(insert(Notification), rows)
    immediate = [u.id for u in users if modes[u.id] == "immediate"]
    if immediate:
        from ..accounts.models import User

        for user in db.session.scalars(select(User).where(User.id.in_(immediate)).order_by(User.id)):
            notify(user, kind, **data)


def _followers(condition, exclude):
    """The followers' ids and what decides their email (not whole accounts: a thread may have thousands)."""
    from ..accounts.models import User

    return db.session.execute(
        select(User.id, User.email, User.email_verified_at, User.deleted_at)
        .join(Follow, Follow.user_id == User.id)
        .where(condition, User.id.not_in(list(exclude) or [0]))
        .order_by(User.id)
    ).all()


def notify_followers(thread, kind, exclude=(), **data):
    """Notify every follower of ``thread`` except the ids in ``exclude``."""
    notify_many(_followers(Follow.thread_id == thread.id, exclude), kind, **data)


def notify_group_followers(group_id, kind, exclude=(), **data):
    notify_many(_followers(Follow.group_id == group_id, exclude), kind, **data)


def unread_count(user):
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def list_notifications(user, page=1):
    page = max(page, 1)
    total = db.session.scalar(select(func.count()).where(Notification.user_id == user.id))
    items = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return items, max(1, -(-total // PAGE_SIZE))


def mark_read(user, notification_id=None):
    """Mark one notification (or, without id, all) of ``user`` as read; returns how many changed."""
    statement = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    return db.session.execute(statement.values(read_at=utcnow())).rowcount
