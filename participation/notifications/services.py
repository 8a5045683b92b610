"""Follows and notifications: who hears about what, in the site and by email."""
import json

from sqlalchemy import and_, case, cast, delete, func, insert, literal, select, update
from sqlalchemy.dialects import postgresql

from ..core.jobs import enqueue
from ..core.models import utcnow
from ..core.sql import insert_ignoring_conflict
from ..extensions import db
from .kinds import default_email_modes, get_notification_kind
from .models import EMAIL_MODES, Follow, Notification, NotificationPreference

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
    return chosen or get_notification_kind(kind).default_email_mode


def email_modes(user):
    modes = default_email_modes()
    modes.update(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.email_mode)
        .where(NotificationPreference.user_id == user.id)
    ).all())
    return modes


def set_email_mode(user, kind, mode):
    """Store the email choice for one kind of notification."""
    if get_notification_kind(kind) is None or mode not in EMAIL_MODES:
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

    ``kind`` is a registered ``NotificationKind``'s name; ``data`` holds what the message needs (titles,
    ids) as JSON. A person is named by id, never by name: ``actor_id`` is who acted, and the name is
    looked up whenever the notification is shown (``actors.py``). Other features call it, for example the groups
    feature with ``notify(member, "group_decision", group=name, accepted=True)``.
    Deleted accounts are skipped. Returns the Notification or None. Flushes only.
    """
    if get_notification_kind(kind) is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    if user is None or user.deleted_at is not None:
        return None
    notification = Notification(user_id=user.id, kind=kind, data=data, created_at=utcnow())
    db.session.add(notification)
    mode = email_mode(user, kind) if user.email and user.is_verified else "off"
    if mode == "daily":
        notification.email_status = "pending"
    db.session.flush()
    if mode == "immediate":
        from .email import send_notification_email

        if send_notification_email(notification):
            notification.email_status = "sent"
    return notification


# Followers told in one step of the job: a step holds SQLite's write lock for a few milliseconds.
FOLLOWERS_PER_STEP = 500


def _notify_followers(condition, kind, exclude, data, after=0, limit=None, audience=None):
    """Notify the followers matching ``condition`` (minus ``exclude``), in a fixed number of statements.

    One ``INSERT ... SELECT`` writes the notifications of everyone who does
    not want an email at once, with their email state worked out in SQL
    from their preference (or the kind's default) and whether their address
    is verified; a discussion with a thousand followers costs one statement
    and no Python per follower (the CASE is ``notify``'s rule, in SQL).
    Those who want an email at once go through ``notify``, which queues it.
    With ``limit``, only the next ``limit`` followers by account id after
    ``after``; returns the last id told (None when there was nobody left).
    With ``audience`` (a select of account ids), those people instead of the
    followers matching ``condition``: each of them once.
    """
    from ..accounts.models import User

    notification_kind = get_notification_kind(kind)
    if notification_kind is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    preference = NotificationPreference.__table__.alias("preference")
    mode = case(
        (and_(User.email.is_not(None), User.email_verified_at.is_not(None)),
         func.coalesce(preference.c.email_mode, notification_kind.default_email_mode)),
        else_="off",
    )
    followers = select(User.id, mode.label("mode"))
    if audience is None:
        followers = followers.join(Follow, Follow.user_id == User.id)
    else:
        condition = User.id.in_(audience)
    followers = (
        followers
        .outerjoin(preference, and_(preference.c.user_id == User.id, preference.c.kind == kind))
        .where(condition, User.deleted_at.is_(None), User.id.not_in(list(exclude) or [0]), User.id > after)
        .order_by(User.id)
    )
    last = None
    if limit is not None:
        followers = followers.limit(limit)
        last = db.session.scalar(select(func.max(followers.subquery().c.id)))
        if last is None:
            return None
    followers = followers.subquery()
    table = Notification.__table__
    payload = json.dumps(data)
    if db.session.get_bind().dialect.name == "postgresql":
        payload_column = cast(literal(payload), postgresql.JSON)
    else:
        payload_column = literal(payload)
    db.session.execute(insert(table).from_select(
        ["user_id", "kind", "data", "created_at", "email_status"],
        select(followers.c.id, literal(kind), payload_column, literal(utcnow(), table.c.created_at.type),
               case((followers.c.mode == "daily", "pending"), else_="none"))
        .where(followers.c.mode != "immediate"),
    ))
    immediate = select(followers.c.id).where(followers.c.mode == "immediate")
    for user in db.session.scalars(select(User).where(User.id.in_(immediate)).order_by(User.id)):
        notify(user, kind, **data)
    return last


FOLLOWERS_JOB = "notifications.followers"


def notify_followers(thread, kind, exclude=(), **data):
    """Notify every follower of ``thread`` except the ids in ``exclude``, in a background job.

    The job is queued in the caller's transaction (``core/jobs.py``): the
    request that posts a comment does not wait for a thousand followers.
    """
    _queue_followers(kind, exclude, data, thread_id=thread.id)


def notify_group_followers(group_id, kind, exclude=(), **data):
    _queue_followers(kind, exclude, data, group_id=group_id)


def _queue_followers(kind, exclude, data, **followed):
    if get_notification_kind(kind) is None:
        raise ValueError(f"unknown notification kind {kind!r}")
    enqueue(FOLLOWERS_JOB, notification_kind=kind, exclude=sorted(exclude), data=data, **followed)


# Audiences beyond the followers of one thread or group: name -> function(**values) giving a select of
# account ids. A feature above registers its own (the progress of an item tells its followers and
# its supporters at once, each of them once).
AUDIENCES = {}


def register_audience(name, members):
    """Make ``members(**values)`` (a select of account ids) an audience ``notify_audience`` can tell."""
    AUDIENCES[name] = members
    return members


def notify_audience(audience, kind, exclude=(), values=None, **data):
    """Notify everyone in the registered ``audience`` (with ``values``) except ``exclude``, each once,
    in the followers' background job queued in the caller's transaction."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    _queue_followers(kind, exclude, data, audience=audience, values=dict(values or {}))


def notify_followers_now(notification_kind, exclude, data, thread_id=None, group_id=None, after=0, audience=None,
                         values=None):
    """The job: notify the next ``FOLLOWERS_PER_STEP`` followers of a thread or of a group (or members of
    a registered audience) by account id after ``after``; returns the next step's payload, or None when
    everyone has been told."""
    condition = Follow.thread_id == thread_id if thread_id is not None else Follow.group_id == group_id
    members = AUDIENCES[audience](**(values or {})) if audience is not None else None
    last = _notify_followers(condition, notification_kind, exclude, data, after=after, limit=FOLLOWERS_PER_STEP,
                             audience=members)
    if last is None:
        return None
    payload = {"notification_kind": notification_kind, "exclude": exclude, "data": data, "thread_id": thread_id,
               "group_id": group_id, "after": last}
    if audience is not None:
        payload.update(audience=audience, values=values)
    return payload


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


def open_notification(user, notification_id):
    """The notification ``notification_id`` of ``user``, marked read now if it was not; None when it is not theirs.

    Opening one from the list goes through this, so the unread count drops as soon as it is opened. Flushes only.
    """
    notification = db.session.scalar(
        select(Notification).where(Notification.id == notification_id, Notification.user_id == user.id))
    if notification is not None and notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification
