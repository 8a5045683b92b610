"""The outbox: queued in the caller's transaction, delivered later, retried on failure."""
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from participation import create_app
from participation.core.mail import OutboxMessage, queue_mail, render_mail, send_pending
from participation.extensions import db
from tests.conftest import empty_database, make_config, release_database
from tests.mail_helpers import SMTPSink


def test_queued_mail_is_part_of_the_callers_transaction(app):
    queue_mail("anna@example.org", "Hello", "Body")
    db.session.rollback()
    assert db.session.query(OutboxMessage).count() == 0
    queue_mail("anna@example.org", "Hello", "Body")
    db.session.commit()
    assert db.session.query(OutboxMessage).count() == 1


def test_without_smtp_mail_is_written_as_eml_and_the_link_logged(app, caplog):
    queue_mail("anna@example.org", "Confirm", "Open https://partecipa.example/it/verify/abc please", language="en")
    db.session.commit()
    sent, failed = send_pending()
    assert (sent, failed) == (1, 0)
    files = list((Path(app.instance_path) / "mail").glob("*.eml"))
    assert len(files) == 1
    email = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert email["To"] == "anna@example.org"
    assert email["Subject"] == "Confirm"
    assert email["Content-Language"] == "en"
    assert "verify/abc" in email.get_body(("plain",)).get_content()
    assert "https://partecipa.example/it/verify/abc" in caplog.text
    message = db.session.query(OutboxMessage).one()
    assert message.sent_at is not None and message.attempts == 1
    assert send_pending() == (0, 0)  # nothing is sent twice


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_app(tmp_path):
    def build(port):
        app = create_app(make_config(tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False,
                                     MAIL_TIMEOUT=5))
        ctx = app.app_context()
        ctx.push()
        empty_database()
        return app, ctx

    contexts = []

    def factory(port):
        app, ctx = build(port)
        contexts.append(ctx)
        return app

    yield factory
    for ctx in contexts:
        release_database()
        ctx.pop()


def test_a_failed_delivery_is_kept_and_retried_later(smtp_app):
    smtp_app(_closed_port())
    queue_mail("anna@example.org", "Hello", "Body")
    db.session.commit()
    assert send_pending() == (0, 1)
    message = db.session.query(OutboxMessage).one()
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.last_error
    assert message.next_attempt_at is not None
    assert send_pending() == (0, 0)  # not due yet: it waits before the next try
    message.next_attempt_at = None  # the delay has passed
    db.session.commit()
    assert send_pending() == (0, 1)
    assert db.session.query(OutboxMessage).one().attempts == 2


def test_smtp_delivery(smtp_app):
    with SMTPSink() as sink:
        smtp_app(sink.port)
        queue_mail("anna@example.org", "Ciao", "Corpo del messaggio", "<p>Corpo</p>", language="it")
        db.session.commit()
        assert send_pending() == (1, 0)
    assert len(sink.received) == 1
    assert sink.subjects() == ["Ciao"]
    assert db.session.query(OutboxMessage).one().sent_at is not None


def test_render_mail_uses_the_recipients_language(app):
    class Someone:
        display_name = "Anna"

    subject, text, html = render_mail("accounts/verify", "en", user=Someone(), link="https://x.example/l")
    assert subject == "Confirm your email address"
    assert "Hello Anna," in text and "https://x.example/l" in text
    assert html is None


def test_flask_mail_send_command(app, runner):
    queue_mail("anna@example.org", "Hello", "Body")
    db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 failed" in result.output


def test_development_delivers_at_the_end_of_the_request(tmp_path):
    app = create_app(make_config(tmp_path, MAIL_SEND_AFTER_REQUEST=True))
    with app.app_context():
        empty_database()
        response = app.test_client().post("/it/register", data={
            "display_name": "Anna", "email": "anna@example.org", "password": "a long enough secret",
            "language": "en", "accept_terms": "y"})
        assert response.status_code == 302
        files = list((Path(app.instance_path) / "mail").glob("*.eml"))
        assert len(files) == 1
        assert "/en/verify/" in files[0].read_text()
        assert db.session.query(OutboxMessage).one().sent_at is not None
        release_database()
