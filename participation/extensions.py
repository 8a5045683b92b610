"""Flask extensions, created unbound and initialised in ``create_app``."""
import random
import sqlite3
import time

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


SQLITE_BUSY_TIMEOUT_MS = 10000


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record):
    """WAL lets readers work while one writer commits; the busy timeout makes
    concurrent writers wait instead of failing with "database is locked".

    The driver's own transaction handling is switched off so that SQLAlchemy
    decides where a transaction begins (see ``_begin_sqlite``); this also
    makes SAVEPOINTs behave as on other databases.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


_WRITE_PENDING = "sqlite_write_pending"


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    """Requests that change data take SQLite's write lock before their first write.

    A deferred transaction that reads and then writes fails at once with
    "database is locked" when another writer committed in between (its
    snapshot is stale). So a request that may write starts with a plain
    ``BEGIN`` for its reads, and just before its first write statement the
    reads are ended and ``BEGIN IMMEDIATE`` waits for the lock
    (``_write_from_here``). Writers hold the lock only while they write,
    not while they load the signed-in account, check the form and read what
    they need; what they read before it is as fresh as on PostgreSQL, where
    each statement sees what was committed before it.
    """
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("BEGIN")
    if _request_may_write():
        connection.info[_WRITE_PENDING] = True


@event.listens_for(Engine, "before_cursor_execute")
def _write_from_here(connection, cursor, statement, parameters, context, executemany):
    if not connection.info.get(_WRITE_PENDING):
        return
    if statement.lstrip()[:6].upper() in ("SELECT", "BEGIN"):
        return
    connection.info.pop(_WRITE_PENDING)
    dbapi_connection = connection.connection.dbapi_connection
    dbapi_connection.execute("COMMIT")  # only reads so far: nothing is lost
    _begin_immediate(dbapi_connection)


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _transaction_over(connection):
    connection.info.pop(_WRITE_PENDING, None)


def _begin_immediate(dbapi_connection):
    """``BEGIN IMMEDIATE``, retried every millisecond or two while another writer holds the lock.

    SQLite's own busy handler sleeps longer and longer between attempts (up
    to 100 ms), so under a steady stream of short writes a waiting request
    can keep missing the moments the lock is free; asking often keeps the
    wait close to the time the other writers actually hold it. Gives up, like
    the busy timeout, after ``SQLITE_BUSY_TIMEOUT_MS``.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(0.001 + random.random() * 0.001)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def _request_may_write():
    from flask import has_request_context, request

    if not has_request_context():
        return False
    return request.method not in ("GET", "HEAD", "OPTIONS")
