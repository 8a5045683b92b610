"""Portable SQL helpers for writes that must be safe under concurrency."""
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
