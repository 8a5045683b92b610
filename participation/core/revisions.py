"""Revisions of kinds of content: a number that grows whenever a row it is built from changes.

A feature that keeps something built from many tables (the programme's open data, say) names a
revision and ``track``s the models it reads; it keeps what it built under ``current(name)`` and
builds again when that number has moved. The number moves in the same transaction as the change:

- after each flush that adds, changes or deletes a row of a tracked model;
- before each ORM ``UPDATE`` or ``DELETE`` statement on a tracked model.

So a reader that reads the revision first, then the content, never keeps newer content under an
older number, nor older content under a newer one. A revision moves once per transaction however
many rows change; the row it is kept in is written only by transactions that change its content.
"""
from sqlalchemy import BigInteger, String, event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db

_TRACKED = {}  # model class -> names of the revisions it is part of
_MOVED = "content_revisions_moved"


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


def _moved(session):
    return session.info.setdefault(_MOVED, set())


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_moved(session, *_args):
    # A rollback, a savepoint's included, may have undone a move: the next change moves it again.
    session.info.pop(_MOVED, None)


def _move(session, names):
    names = set(names) - _moved(session)
    if not names:
        return
    connection = session.connection()
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    table = ContentRevision.__table__
    for name in sorted(names):
        statement = insert(table).values(name=name, value=1)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[table.c.name], set_={"value": table.c.value + 1}))
    _moved(session).update(names)


@event.listens_for(Session, "after_flush")
def _after_flush(session, _flush_context):
    names = set()
    for obj in (*session.new, *session.deleted):
        names |= _TRACKED.get(type(obj), set())
    for obj in session.dirty:
        tracked = _TRACKED.get(type(obj))
        if tracked and session.is_modified(obj, include_collections=False):
            names |= tracked
    if names:
        _move(session, names)


@event.listens_for(Session, "do_orm_execute")
def _before_orm_write(state):
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    tracked = _TRACKED.get(mapper.class_) if mapper is not None else None
    if tracked:
        _move(state.session, tracked)

