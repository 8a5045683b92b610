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

from ..accounts.models import User
from ..groups.models import Group
from .models import Comment, Thread

_threads = Thread.__table__
_comments = Comment.__table__
# What a comment shows of its author and of the group it speaks for.
_USER_FIELDS = ("display_name", "role", "deleted_at")
_GROUP_FIELDS = ("name",)


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
    if not (thread_ids or authors or groups):
        return
    connection = session.connection()
    if thread_ids:
        _bump(connection, sorted(thread_ids))
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
