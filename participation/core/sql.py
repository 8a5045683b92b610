"""Portable SQL helpers for writes that must be safe under concurrency."""
from sqlalchemy import inspect, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db


def insert_ignoring_conflict(model, **values):
    """``INSERT ... ON CONFLICT DO NOTHING``; returns 1 when a row was added, 0 when it existed.

    Works on SQLite (3.35 or later) and PostgreSQL. The unique constraint
    decides, so two requests racing for the same row cannot both insert it.
    The rows are counted through RETURNING: ``rowcount`` is not reliable for
    an INSERT on every driver.
    """
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    primary_key = model.__table__.primary_key.columns.values()[0]
    statement = module.insert(model).values(**values).on_conflict_do_nothing().returning(primary_key)
    return len(db.session.execute(statement).all())


def lock_row(obj):
    """Wait until no other transaction can change ``obj``'s row, then reload ``obj`` from the database.

    What the caller checks afterwards ("is the comment still published?",
    "is the case still open?") is what every earlier writer committed, and it
    stays true until this transaction ends: of several requests that check
    and then change the same row at once, each sees the change of the one
    before. On PostgreSQL this is ``SELECT ... FOR NO KEY UPDATE``; SQLite has no
    row locks, so a write that changes nothing takes its database write lock
    (held by one transaction at a time). Pending changes are flushed first.
    Returns ``obj``.
    """
    db.session.flush()
    state = inspect(obj)
    primary_key = state.mapper.primary_key[0]
    this_row = primary_key == state.identity[0]
    if db.session.get_bind().dialect.name == "postgresql":
        # FOR NO KEY UPDATE, the lock an UPDATE takes: rows pointing at this one can still be added.
        db.session.execute(select(primary_key).where(this_row).with_for_update(key_share=True))
    else:
        db.session.execute(
            update(state.mapper.class_).where(this_row).values({primary_key.key: primary_key})
            .execution_options(synchronize_session=False)
        )
    db.session.refresh(obj)
    return obj


def refresh_statistics():
    """Refresh the query planner's statistics of every table (``ANALYZE``).

    SQLite keeps none until asked, and without them it may read a whole table
    where an index would do (the proposals list at size L took three times
    longer); ``analysis_limit`` bounds the work on large tables. PostgreSQL's
    autovacuum keeps them, but not right after a bulk load.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("PRAGMA analysis_limit=2000"))
    db.session.execute(text("ANALYZE"))
