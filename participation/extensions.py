"""Flask extensions, created unbound and initialised in ``create_app``."""
import sqlite3

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
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    """Requests that change data take SQLite's write lock up front.

    A transaction that reads and then writes would otherwise fail at once
    with "database is locked" when another writer committed in between;
    ``BEGIN IMMEDIATE`` waits for the busy timeout instead. Reads stay
    deferred, so pages never wait for writers.
    """
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _request_may_write() else "BEGIN")


def _request_may_write():
    from flask import has_request_context, request

    if not has_request_context():
        return False
    return request.method not in ("GET", "HEAD", "OPTIONS")
