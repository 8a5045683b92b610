"""A thread's ``revision`` grows whenever something its pages show changes.

Rendered discussion pages are cached under the thread's revision
(``cache.py``), so every change must reach it, in the same transaction as
the change itself. Two listeners make that true without the services
having to remember it:

- after each flush: comments added, changed or deleted; threads changed;
  authors whose name or role changed, or who deleted their account; groups
  renamed (their name is shown on the comments written on their behalf);
- before each ORM ``UPDATE`` statement on comments, threads, accounts or
  groups (the counters and roles changed in SQL): the threads its rows
  belong to.
"""
from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from ..accounts.models import User
from ..groups.models import Group
from .models import Comment, Thread

_threads = Thread.__table__
_comments = Comment.__table__
# What a comment shows of its author and of the group it speaks for.
_USER_FIELDS = ("display_name", "role", "deleted_at")
_GROUP_FIELDS = ("name",)


_BUMPED = "revision_bumped"


def _bumped(session):
    """Threads whose revision this transaction already raised: once is enough, the cache reads committed rows."""
    return session.info.setdefault(_BUMPED, set())


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_bumped(session, *_args):
    # Any rollback, a savepoint's included, may have undone a bump: forget them all.
    session.info.pop(_BUMPED, None)


def _single_thread_id(where):
    """The id in ``WHERE discussion_thread.id = <value>``, else None."""
    if (isinstance(where, BinaryExpression) and where.operator is operators.eq
            and getattr(where.left, "table", None) is _threads and getattr(where.left, "key", None) == "id"
            and isinstance(where.right, BindParameter)):
        return where.right.value
    return None


def _bump(connection, thread_ids=None, where=None):
    condition = _threads.c.id.in_(thread_ids) if thread_ids is not None else where
    connection.execute(update(_threads).where(condition).values(revision=_threads.c.revision + 1))


def _changed(obj, fields):
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


@event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context):
    thread_ids, authors, groups = set(), set(), set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Comment):
            if obj in session.new or obj in session.deleted or session.is_modified(obj):
                thread_ids.add(obj.thread_id)
        elif isinstance(obj, Thread):
            if obj in session.dirty and session.is_modified(obj, include_collections=False):
                thread_ids.add(obj.id)
        elif isinstance(obj, User):
            if obj in session.dirty and _changed(obj, _USER_FIELDS):
                authors.add(obj.id)
        elif isinstance(obj, Group):
            if obj in session.dirty and _changed(obj, _GROUP_FIELDS):
                groups.add(obj.id)
    thread_ids.discard(None)
    thread_ids -= _bumped(session)
    if not (thread_ids or authors or groups):
        return
    connection = session.connection()
    if thread_ids:
        _bump(connection, sorted(thread_ids))
        _bumped(session).update(thread_ids)
    if authors:
        _bump(connection, where=_threads.c.id.in_(
            select(_comments.c.thread_id).where(_comments.c.author_id.in_(sorted(authors)))))
    if groups:
        _bump(connection, where=_threads.c.id.in_(
            select(_comments.c.thread_id).where(_comments.c.group_id.in_(sorted(groups)))))


@event.listens_for(Session, "do_orm_execute")
def _before_orm_update(state):
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    entity = mapper.class_ if mapper is not None else None
    where = state.statement.whereclause
    if entity is Thread:
        if state.is_update:
            state.statement = state.statement.values(revision=Thread.revision + 1)
            thread_id = _single_thread_id(where)
            if thread_id is not None:
                _bumped(state.session).add(thread_id)
        return
    if entity is Comment:
        rows = select(_comments.c.thread_id)
    elif entity is User:
        rows = select(_comments.c.thread_id).where(
            _comments.c.author_id.in_(select(User.__table__.c.id).where(where)))
        where = None
    elif entity is Group:
        rows = select(_comments.c.thread_id).where(
            _comments.c.group_id.in_(select(Group.__table__.c.id).where(where)))
        where = None
    else:
        return
    if where is not None:
        rows = rows.where(where)
    _bump(state.session.connection(), where=_threads.c.id.in_(rows))
