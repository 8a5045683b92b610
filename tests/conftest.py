"""Shared fixtures: an app on a fresh real database per test.

The database is a SQLite file in the test's temporary folder, or, when
``TEST_DATABASE_URL`` is set (``make test`` does it for its PostgreSQL run),
a real PostgreSQL database emptied between tests.
"""
import os
from pathlib import Path

import pytest
from sqlalchemy import event

from participation import create_app
from participation.config import TestingConfig
from participation.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PROGRAMME_PATH = ROOT / "data" / "linee-programmatiche-2014-2019.txt"


_worker_databases = {}


def _postgres_url_for_worker(url):
    """Under pytest-xdist each worker empties its own database, created on first use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    if url not in _worker_databases:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        base = make_url(url)
        name = f"{base.database}_{worker}"
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            exists = connection.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).scalar()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        _worker_databases[url] = base.set(database=name).render_as_string(hide_password=False)
    return _worker_databases[url]


def _database_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return _postgres_url_for_worker(url)
    return f"sqlite:///{tmp_path / 'test.db'}"


def make_config(tmp_path, **overrides):
    """A TestingConfig subclass bound to this test's database and instance folder."""
    attributes = {"SQLALCHEMY_DATABASE_URI": _database_url(tmp_path), "INSTANCE_PATH": str(tmp_path / "instance")}
    attributes.update(overrides)
    return type("TestConfig", (TestingConfig,), attributes)


def _fresh_globals_per_request(app):
    """Tests keep one app context open, so ``g`` would outlive a request and
    leak the previous request's signed-in user or language into the next."""
    from flask import g

    @app.teardown_request
    def _clear_request_globals(_error=None):
        g.__dict__.clear()
def is_postgres():
    return _database_url(Path(".")).startswith("postgresql")


# On PostgreSQL the schema is created once and emptied before each test
# (TRUNCATE ... RESTART IDENTITY: about 50 ms per test with the app, against
# 70 ms for dropping and re-creating the schema); a test that dropped or
# changed tables (the migration test) makes the next one rebuild it.
_pg_state = {"schema_ready": False}


def _empty_postgres_database():
    from sqlalchemy.exc import DBAPIError

    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    if _pg_state["schema_ready"]:
        try:
            with db.engine.begin() as connection:
                connection.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
                connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            return
        except DBAPIError:
            # A table is missing, or a connection left open by an earlier test holds a lock.
            with db.engine.begin() as connection:
                connection.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    db.create_all()
    _pg_state["schema_ready"] = True


def _ensure_search_schema():
    from participation.search.schema import ensure_search_schema

    with db.engine.begin() as connection:
        ensure_search_schema(connection)


def empty_database():
    """Give the app of the current context an empty schema, on either database.

    Tests that build their own app call this instead of ``db.create_all()``:
    on PostgreSQL the worker's database outlives a test, so rows left by the
    previous one would otherwise still be there."""
    if is_postgres():
        _empty_postgres_database()
    else:
        db.drop_all()
        db.create_all()
    _ensure_search_schema()


def release_database():
    db.session.remove()
    if not is_postgres():
        db.drop_all()
    db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    app = create_app(make_config(tmp_path))
    _fresh_globals_per_request(app)
    with app.app_context():
        empty_database()
        yield app
        release_database()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def programme(app):
    """The bundled programme, imported."""
    from participation.programme.services import import_programme_file

    import_programme_file(str(PROGRAMME_PATH))
    db.session.commit()
    return PROGRAMME_PATH


@pytest.fixture
def count_queries(app):
    """Context manager counting SQL statements: ``with count_queries() as n: ...; n()``."""
    from contextlib import contextmanager

    @contextmanager
    def counter():
        statements = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield lambda: len(statements)
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counter


def user_factory():
    """``factory(role="moderator", verified=True, name="Anna")`` saves a User in the current app's database."""
    from participation.accounts.models import Role, User
    from participation.core.models import utcnow

    counter = {"n": 0}

    def factory(role="resident", verified=True, name=None, email=None, language="en", password=None, **fields):
        """``password="..."`` stores a real argon2id hash so the user can sign in through the form."""
        from participation.accounts.passwords import hash_password

        counter["n"] += 1
        n = counter["n"]
        if password is not None:
            fields["password_hash"] = hash_password(password)
        user = User(
            display_name=name or f"Resident {n}",
            email=email or f"resident{n}@example.org",
            role=Role(role),
            language=language,
            email_verified_at=utcnow() if verified else None,
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def make_user(app):
    """Factory: ``make_user(role="moderator", verified=True, name="Anna")`` returns a saved User."""
    return user_factory()


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as ``user`` (no password needed)."""

    def do_login(user):
        from flask import g

        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        # Requests in a test share the test's app context, where Flask-Login caches
        # the signed-in user: forget it so the next request loads ``user``.
        g.pop("_login_user", None)
        return user

    return do_login


@pytest.fixture
def make_group(app, make_user):
    """Factory: ``make_group("Name", members=[user, ...], verified=True)`` through the groups services.

    The first member founds the group (its administrator); the others ask to
    join and are accepted; staff verify it unless ``verified=False``.
    """
    from participation.groups import services as groups

    def factory(name, members=(), verified=True, neighbourhood=None):
        members = list(members) or [make_user(name=f"Founder of {name}")]
        if not groups.list_neighbourhoods():
            groups.seed_neighbourhoods()
        place = neighbourhood or groups.list_neighbourhoods()[0]
        group = groups.create_group(members[0], name, place, f"The group {name}")
        for member in members[1:]:
            membership = groups.request_to_join(member, group)
            groups.accept_request(members[0], group, membership)
        if verified:
            groups.verify_group(make_user(role="moderator", name=f"Verifier of {name}"), group)
        db.session.commit()
        return group

    return factory


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, launched once per test process (never downloaded)."""
    from tests.browser.browsing import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
