import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from participation.extensions import db
from participation.moderation.models import ModerationCase, Report


@pytest.fixture
def report_url():
    def build(target_type, target_id, lang="en"):
        return f"/{lang}/report/{target_type}/{target_id}"

    return build


@pytest.fixture
def open_case():
    def find(target_type, target_id):
        return db.session.scalar(
            select(ModerationCase).where(
                ModerationCase.target_type == target_type,
                ModerationCase.target_id == target_id,
                ModerationCase.open_marker == 1,
            )
        )

    return find


@pytest.fixture
def report_count():
    def count(target_type, target_id):
        return len(db.session.scalars(select(Report).where(Report.target_type == target_type, Report.target_id == target_id)).all())

    return count


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free loopback port, many requests at once."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def session_cookie(app):
    """A signed session cookie value that signs ``user`` in, for raw HTTP clients."""

    def make(user):
        serializer = app.session_interface.get_signing_serializer(app)
        return serializer.dumps({"_user_id": user.get_id(), "_fresh": True})

    return make

from tests.participation_fixtures import *  # noqa: E402,F401,F403
