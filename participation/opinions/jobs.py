"""When a discussion changes, its opinion map is computed again by the background worker.

A change that raises a thread's revision (``discussion/revision.py``) and may
move its map (a comment taking a position, hidden, restored or deleted; a
vote on a comment, which moves the comment's counters) queues ``opinions.compute``
for that thread in the same transaction, unless one is already waiting, and
no sooner than ``OPINION_MIN_INTERVAL`` seconds after the thread's last map:
a discussion receiving a hundred votes a minute is mapped once in that time,
not a hundred times.
"""
from datetime import UTC, timedelta

from flask import current_app
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from ..core.jobs import Job, enqueue, register_job
from ..core.models import utcnow
from ..discussion.models import Comment, Thread
from ..extensions import db
from .models import OpinionMap

COMPUTE_JOB = "opinions.compute"
_CHANGED = "opinions_changed"
_comments = Comment.__table__


def compute_in_background(thread_id):
    """The job: the map of ``thread_id``; queues one more run when the thread changed while it ran."""
    from .services import compute_map

    opinion_map = compute_map(thread_id)
    if opinion_map is not None:
        _changed(db.session).add(thread_id)  # looked at again on commit: changed since the revision read?


register_job(COMPUTE_JOB, compute_in_background)


def request_map(thread_id):
    """Queue the computation of ``thread_id``'s map unless one is waiting; returns the job or None. Never commits."""
    waiting = db.session.scalars(select(Job.payload).where(
        Job.kind == COMPUTE_JOB, Job.done_at.is_(None),
        Job.attempts < current_app.config["JOBS_MAX_ATTEMPTS"])).all()
    if any((payload or {}).get("thread_id") == thread_id for payload in waiting):
        return None
    last = db.session.scalar(select(OpinionMap.computed_at).where(OpinionMap.thread_id == thread_id))
    now = utcnow()
    at = now
    if last is not None:
        last = last if last.tzinfo is not None else last.replace(tzinfo=UTC)
        at = max(now, last + timedelta(seconds=current_app.config["OPINION_MIN_INTERVAL"]))
    return enqueue(COMPUTE_JOB, at=at, thread_id=thread_id)


def _changed(session):
    return session.info.setdefault(_CHANGED, set())


# What of a comment the map depends on, besides the votes: the position it takes, whether it is shown.
_MAPPED_FIELDS = ("position", "status", "deleted_at")


def _moves_map(session, comment):
    if comment in session.new:
        return comment.position is not None  # a comment nobody voted on yet changes nothing else
    if comment in session.deleted:
        return True
    state = inspect(comment)
    return any(state.attrs[name].history.has_changes() for name in _MAPPED_FIELDS)


@event.listens_for(Session, "after_flush")
def _note_comments(session, flush_context):
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Comment) and obj.thread_id is not None and _moves_map(session, obj):
            _changed(session).add(obj.thread_id)


@event.listens_for(Session, "do_orm_execute")
def _note_comment_updates(state):
    """Votes change a comment's counters with an ``UPDATE comment``: note the threads of those rows."""
    if not state.is_update or state.bind_mapper is None or state.bind_mapper.class_ is not Comment:
        return
    where = state.statement.whereclause
    rows = select(_comments.c.thread_id).distinct()
    if where is not None:
        rows = rows.where(where)
    _changed(state.session).update(state.session.connection().execute(rows).scalars())


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, previous_transaction):
    if previous_transaction.parent is None:
        session.info.pop(_CHANGED, None)


@event.listens_for(Session, "before_commit")
def _queue(session):
    if session is not db.session() or not session.info.get(_CHANGED):
        return
    session.flush()
    thread_ids = session.info.pop(_CHANGED, set())
    with session.no_autoflush:
        computed = {}
        if thread_ids:
            computed = dict(session.execute(select(OpinionMap.thread_id, OpinionMap.revision)
                                            .where(OpinionMap.thread_id.in_(sorted(thread_ids)))).all())
        revisions = dict(session.execute(select(Thread.id, Thread.revision)
                                         .where(Thread.id.in_(sorted(thread_ids)))).all())
        for thread_id in sorted(thread_ids):
            if thread_id in revisions and revisions[thread_id] != computed.get(thread_id):
                request_map(thread_id)
