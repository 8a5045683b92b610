"""Browser fixtures: a live server on a real database and Debian's Chromium.

The live server runs the application in a background thread on 127.0.0.1
with a SQLite file, the programme imported and every page type's ``seed``
applied once per test session. Chromium is Debian's ``/usr/bin/chromium``,
driven by Playwright; no browser is ever downloaded.
"""
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PROGRAMME_PATH, make_config

from .browsing import ARTIFACTS, USER_AGENT
from .pages import PAGES

ROLES = ("resident", "translator", "moderator", "administrator")


def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test (``-m browser`` runs them alone)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    """The running application: its address, the app object, the users and the seeds' results."""

    app: object
    url: str
    users: dict = field(default_factory=dict)
    seeded: dict = field(default_factory=dict)

    def absolute(self, path):
        return self.url + path


@dataclass
class SeedContext:
    """What a page type's ``seed`` receives: the app, the database and one user per role."""

    app: object
    db: object
    users: dict


def _create_users(db):
    from participation.accounts.models import Role, User
    from participation.core.models import utcnow

    users = {}
    for role in ROLES:
        user = User(
            display_name=f"{role.capitalize()} Rossi",
            email=f"{role}@example.org",
            role=Role(role),
            language="it",
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        users[role] = user
    db.session.commit()
    return users


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The application served on a free port of 127.0.0.1 for the whole session."""
    from participation import create_app
    from participation.extensions import db
    from participation.programme.services import import_programme_file

    folder = tmp_path_factory.mktemp("live")
    config = make_config(
        folder,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'live.db'}",
        WTF_CSRF_ENABLED=True,  # a real browser carries the token like a resident's would
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        import_programme_file(str(PROGRAMME_PATH))
        db.session.commit()
        users = _create_users(db)
        context = SeedContext(app=app, db=db, users=users)
        seeded = {}
        for page_type in PAGES:
            if page_type.seed is not None:
                seeded[page_type.name] = page_type.seed(context)
                db.session.commit()
        user_ids = {role: user.get_id() for role, user in users.items()}
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    live = LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}", users=user_ids, seeded=seeded)
    try:
        yield live
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def context(browser):
    """A fresh browser profile (no cookies) per test."""
    context = browser.new_context(user_agent=USER_AGENT, bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
