"""`flask db backup` and `flask db restore` bring back every row, on SQLite and PostgreSQL."""
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from participation import create_app
from participation.extensions import db
from tests.conftest import is_postgres, make_config
from tests.security.walk import database_digest


@contextmanager
def empty_database(tmp_path):
    """The URL of a second, empty database of the same kind as the test database."""
    if not is_postgres():
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    url = make_url(str(db.engine.url))
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def filled(app, programme, make_user):
    for role in ("resident", "moderator", "administrator"):
        make_user(role=role, email=f"{role}@example.org", name=f"Ada {role}")
    return database_digest()


def test_backup_and_restore_into_an_empty_database_finds_every_row(app, runner, filled, tmp_path):
    backup = tmp_path / "partecipa.backup"
    result = runner.invoke(args=["db", "backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert backup.stat().st_size > 0
    with empty_database(tmp_path) as url:
        restored_app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url, INSTANCE_PATH=str(tmp_path / "i2")))
        with restored_app.app_context():
            result = restored_app.test_cli_runner().invoke(args=["db", "restore", str(backup)])
            assert result.exit_code == 0, result.output
            restored = database_digest()
            db.session.remove()
            db.engine.dispose()
    assert sum(len(rows) for rows in filled.values()) > 100
    assert restored == filled


def test_restore_refuses_a_database_that_holds_data(app, runner, filled, tmp_path):
    backup = tmp_path / "partecipa.backup"
    assert runner.invoke(args=["db", "backup", str(backup)]).exit_code == 0
    result = runner.invoke(args=["db", "restore", str(backup)])
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert database_digest() == filled


def test_backup_never_overwrites_a_file(app, runner, tmp_path):
    existing = tmp_path / "keep.me"
    existing.write_text("precious")
    result = runner.invoke(args=["db", "backup", str(existing)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert existing.read_text() == "precious"


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_text("hello")
    result = runner.invoke(args=["db", "restore", str(junk)])
    assert result.exit_code != 0
    assert "is not a" in result.output
