"""Database health, backup and restore, for SQLite and PostgreSQL alike."""
import glob
import os
import shutil
import sqlite3
import subprocess

from sqlalchemy import inspect, text

from ..extensions import db
from ..search.schema import is_search_schema_object

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def database_answers():
    """True when ``SELECT 1`` succeeds on the configured database."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        db.session.rollback()
        return False


def _url():
    return db.engine.url


def _sqlite_path(url):
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return url.database


def pg_tool(name):
    """Path of pg_dump/pg_restore: $PG_BIN_DIR, Debian's newest version, or PATH."""
    if os.environ.get("PG_BIN_DIR"):
        return os.path.join(os.environ["PG_BIN_DIR"], name)
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0,
    )
    found = versions[-1] if versions else shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client).")
    return found


def _pg_connection_args(url):
    """libpq arguments and environment; the password goes in the environment, not on the command line."""
    args = ["--dbname", url.database]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _run(argv, env):
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{os.path.basename(argv[0])} failed: {result.stderr.strip()}")


def backup_database(path):
    """Write a consistent copy of the live database to ``path``.

    SQLite: the online backup API (safe while the site runs, WAL included).
    PostgreSQL: ``pg_dump`` in custom format (restore with ``pg_restore``).
    Returns the backend name.
    """
    url = _url()
    path = os.path.abspath(path)
    if os.path.exists(path):
        raise BackupError(f"{path} already exists; choose a new file name.")
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        return "sqlite"
    if url.get_backend_name() == "postgresql":
        args, env = _pg_connection_args(url)
        _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", path, *args], env)
        return "postgresql"
    raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")


def database_is_empty():
    """True when no table of the database holds a row (or there are no tables)."""
    inspector = inspect(db.engine)
    with db.engine.connect() as connection:
        for table in inspector.get_table_names():
            if table == "alembic_version" or is_search_schema_object(table):
                continue  # the full-text table keeps a configuration row even when empty
            quoted = db.engine.dialect.identifier_preparer.quote(table)
            if connection.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first() is not None:
                return False
    return True


def restore_database(path, replace=False):
    """Replace the configured database's contents with the backup at ``path``.

    Refuses unless the database is empty or ``replace`` is true. The
    backup's kind must match the database (a SQLite file into SQLite, a
    pg_dump archive into PostgreSQL).
    """
    url = _url()
    if not os.path.isfile(path):
        raise BackupError(f"{path} does not exist.")
    with open(path, "rb") as backup:
        magic = backup.read(len(SQLITE_MAGIC))
    if not replace and not database_is_empty():
        raise BackupError("The database is not empty; restore into an empty database, or pass --replace.")
    db.session.remove()
    db.engine.dispose()
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not magic.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path} is not a SQLite backup.")
        source = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        return "sqlite"
    if backend == "postgresql":
        if not magic.startswith(PG_DUMP_MAGIC):
            raise BackupError(f"{path} is not a pg_dump archive (custom format).")
        args, env = _pg_connection_args(url)
        options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if replace:
            options += ["--clean", "--if-exists"]
        else:
            with db.engine.begin() as connection:
                # Tables, types and sequences made by `flask db upgrade` would clash with the archive's.
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            db.engine.dispose()
        _run([pg_tool("pg_restore"), *options, *args, path], env)
        return "postgresql"
    raise BackupError(f"Restores into {backend} databases are not supported.")
