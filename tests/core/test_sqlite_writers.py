"""Concurrent writers on SQLite wait for each other instead of failing."""
import sqlite3
import threading

import pytest

from participation import extensions
from tests.conftest import is_postgres

pytestmark = pytest.mark.skipif(is_postgres(), reason="SQLite's write lock")


def connect(path):
    connection = sqlite3.connect(path, check_same_thread=False)
    connection.isolation_level = None
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA busy_timeout={extensions.SQLITE_BUSY_TIMEOUT_MS}")
    return connection


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "writers.db"
    setup = connect(path)
    setup.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    setup.close()
    return path


def test_a_writer_waits_for_the_lock_and_then_writes(database):
    holder, waiter = connect(database), connect(database)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO note (body) VALUES ('first')")
    outcome = {}

    def write():
        try:
            extensions._begin_immediate(waiter)
            waiter.execute("INSERT INTO note (body) VALUES ('second')")
            waiter.execute("COMMIT")
            outcome["ok"] = True
        except Exception as error:  # reported below
            outcome["error"] = error

    thread = threading.Thread(target=write)
    thread.start()
    holder.execute("COMMIT")
    thread.join(timeout=30)
    assert outcome == {"ok": True}
    assert [row[0] for row in holder.execute("SELECT body FROM note ORDER BY id")] == ["first", "second"]
    # The connection is left with its usual busy timeout.
    assert waiter.execute("PRAGMA busy_timeout").fetchone()[0] == extensions.SQLITE_BUSY_TIMEOUT_MS


def test_a_writer_gives_up_after_the_busy_timeout(database, monkeypatch):
    monkeypatch.setattr(extensions, "SQLITE_BUSY_TIMEOUT_MS", 50)
    holder, waiter = connect(database), connect(database)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        extensions._begin_immediate(waiter)
    assert not waiter.in_transaction
    holder.execute("ROLLBACK")
    extensions._begin_immediate(waiter)
    assert waiter.in_transaction
    waiter.execute("ROLLBACK")


def test_a_request_takes_the_write_lock_at_its_first_write_not_its_first_read(app):
    """While a request only reads, others can write; its own first write then succeeds on fresh data."""
    from sqlalchemy import func, select

    from participation.extensions import db
    from participation.moderation.models import BlockedPhrase

    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with app.test_request_context("/it/moderation/phrases", method="POST"):
        assert db.session.scalar(select(func.count()).select_from(BlockedPhrase)) == 0  # reading
        other = connect(path)
        other.execute("PRAGMA busy_timeout=0")  # a write lock held by the request would fail this at once
        other.execute("INSERT INTO blocked_phrase (phrase, created_at) VALUES ('soldi facili', '2026-11-24')")
        other.close()
        db.session.add(BlockedPhrase(phrase="compra subito"))
        db.session.commit()  # a stale read snapshot would fail here with "database is locked"
        assert db.session.scalar(select(func.count()).select_from(BlockedPhrase)) == 2
