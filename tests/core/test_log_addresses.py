"""No log line and no error line of ``flask mail send`` holds an email address."""
import logging

import pytest
from flask import Blueprint

from participation import create_app
from participation.core.mail import OutboxMessage, queue_mail
from participation.extensions import db
from tests.conftest import empty_database, make_config, release_database
from tests.mail_helpers import SMTPSink

ADDRESS = "anna.rossi@example.org"


@pytest.fixture
def app_with(tmp_path):
    apps = []

    def build(**overrides):
        app = create_app(make_config(tmp_path, **overrides))
        context = app.app_context()
        context.push()
        empty_database()
        apps.append(context)
        return app

    yield build
    for context in apps:
        release_database()
        context.pop()


def _everything_printed(result, caplog, capfd):
    captured = capfd.readouterr()
    return "\n".join([result.output, caplog.text, captured.out, captured.err])


def test_a_refused_recipient_is_not_named_in_the_error_lines(app_with, caplog, capfd):
    with SMTPSink(refuse={ADDRESS}) as sink:
        app = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, MAIL_USE_TLS=False, MAIL_TIMEOUT=5)
        queue_mail(ADDRESS, "Ciao", "Body")
        db.session.commit()
        message_id = db.session.query(OutboxMessage.id).scalar()
        with caplog.at_level(logging.INFO):
            result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    printed = _everything_printed(result, caplog, capfd)
    assert ADDRESS not in printed
    assert "0 sent, 1 failed" in printed
    assert f"Mail {message_id} failed (attempt 1): SMTPRecipientsRefused" in printed
    assert "@" not in caplog.text
    assert db.session.get(OutboxMessage, message_id).last_error  # the reason is kept beside the message


def test_an_unreachable_server_is_reported_without_the_address(app_with, caplog, capfd):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port, MAIL_USE_TLS=False, MAIL_TIMEOUT=5)
    queue_mail(ADDRESS, "Ciao", "Body")
    db.session.commit()
    with caplog.at_level(logging.INFO):
        result = app.test_cli_runner().invoke(args=["mail", "send"])
    printed = _everything_printed(result, caplog, capfd)
    assert "0 sent, 1 failed" in printed and "ConnectionRefusedError" in printed
    assert ADDRESS not in printed


def test_mail_written_to_files_is_logged_by_id_with_its_links(app_with, caplog, capfd):
    app = app_with()
    queue_mail(ADDRESS, "Confirm", f"Open https://partecipa.example/it/verify/abc, {ADDRESS}")
    db.session.commit()
    with caplog.at_level(logging.INFO):
        result = app.test_cli_runner().invoke(args=["mail", "send"])
    printed = _everything_printed(result, caplog, capfd)
    assert "1 sent, 0 failed" in printed
    assert "https://partecipa.example/it/verify/abc" in printed
    assert ADDRESS not in printed


def test_an_error_page_logs_its_traceback_without_addresses(app_with, caplog):
    app = app_with(PROPAGATE_EXCEPTIONS=False)
    failing = Blueprint("failing", __name__)

    @failing.post("/fails")
    def fails():
        raise RuntimeError(f"could not store the account of {ADDRESS}")

    app.register_blueprint(failing)
    with caplog.at_level(logging.INFO):
        response = app.test_client().post("/fails")
    assert response.status_code == 500
    assert "RuntimeError: could not store the account of [redacted]" in caplog.text
    assert ADDRESS not in caplog.text
    assert all(ADDRESS not in (record.exc_text or "") + record.getMessage() for record in caplog.records)
