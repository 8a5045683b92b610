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
