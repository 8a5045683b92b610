"""Revisions of kinds of content: a number that grows whenever a row it is built from changes.

A feature that keeps something built from many tables (the programme's open data, say) names a
revision and ``track``s the models it reads; it keeps what it built under ``current(name)`` and
builds again when that number has moved. A change is noted after each flush that adds, changes or
deletes a row of a tracked model, and before each ORM ``UPDATE`` or ``DELETE`` statement on one;
the revision moves in the same transaction, as its last write, just before it commits:

- a reader that reads the revision first, then the content, never keeps newer content under an
  older number, nor older content under a newer one;
- a revision moves once per transaction however many rows change, and its row is locked only
  as a transaction that changed its content commits, after everything it changed was written
  (only the search index's rows follow): a transaction holding it waits for no row another
  transaction could hold while waiting for it, so no circle of waiting forms (PostgreSQL).
"""
from sqlalchemy import BigInteger, String, event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db

_TRACKED = {}  # model class -> names of the revisions it is part of
_CHANGED = "content_revisions_changed"  # in session.info: the revisions this transaction will move


class ContentRevision(db.Model):
    __tablename__ = "content_revision"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)


def track(name, *models):
    """Make revision ``name`` move whenever a row of one of ``models`` changes."""
    for model in models:
        _TRACKED.setdefault(model, set()).add(name)


def current(name):
    """The revision's number now (0 before anything it tracks has changed)."""
    return db.session.scalar(select(ContentRevision.value).where(ContentRevision.name == name)) or 0


def _changed(session):
    return session.info.setdefault(_CHANGED, set())


@event.listens_for(Session, "after_commit")
def _forget_changed(session):
    session.info.pop(_CHANGED, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_undone(session, previous_transaction):
    # The whole transaction undone: nothing of it moves a revision. A savepoint undone: what was noted
    # before it still counts, and what was noted inside it only makes the content be built again.
    if not previous_transaction.nested:
        session.info.pop(_CHANGED, None)


@event.listens_for(Session, "after_flush")
def _after_flush(session, _flush_context):
    names = set()
    for obj in (*session.new, *session.deleted):
        names |= _TRACKED.get(type(obj), set())
    for obj in session.dirty:
        tracked = _TRACKED.get(type(obj))
        if tracked and session.is_modified(obj, include_collections=False):
            names |= tracked
    _changed(session).update(names)


@event.listens_for(Session, "do_orm_execute")
def _before_orm_write(state):
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    tracked = _TRACKED.get(mapper.class_) if mapper is not None else None
    if tracked:
        _changed(state.session).update(tracked)


@event.listens_for(Session, "before_commit")
def _move(session):
    if session.in_nested_transaction():
        return  # a savepoint: the revision moves when the whole transaction commits
    session.flush()  # the changes still pending are noted too
    names = session.info.get(_CHANGED)
    if not names:
        return
    connection = session.connection()
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    table = ContentRevision.__table__
    for name in sorted(names):
        statement = insert(table).values(name=name, value=1)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[table.c.name], set_={"value": table.c.value + 1}))
    names.clear()
