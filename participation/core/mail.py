"""Outgoing mail through an outbox table.

A feature that sends mail calls ``queue_mail`` (or ``render_mail`` then
``queue_mail``) inside its own transaction: the message exists exactly when the
action that caused it is committed. ``send_pending`` (``flask mail send``,
run from a timer in production) delivers the outbox by SMTP, or, without
``MAIL_SERVER``, writes each message as an ``.eml`` file under
``instance/mail/`` and logs where it is and the links it holds. A failed
delivery stays in the outbox and is retried later with a growing delay.

Usage from a service::

    subject, text, html = render_mail("accounts/verify", user.language, user=user, link=link)
    queue_mail(user.email, subject, text, html, language=user.language)
"""
import re
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import click
from flask import current_app, g, has_request_context, render_template, url_for
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import DateTime, Integer, String, Text, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import utcnow

_LINK = re.compile(r"https?://\S+")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_email: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="it")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    def __repr__(self):
        state = "sent" if self.sent_at else f"pending({self.attempts})"
        return f"<OutboxMessage {self.id} to={self.recipient_email!r} {state}>"


def queue_mail(recipient_email, subject, text_body, html_body=None, language="it"):
    """Add a message to the outbox in the caller's transaction (flushes, never commits)."""
    message = OutboxMessage(
        recipient_email=recipient_email,
        subject=" ".join(subject.split())[:300],
        text_body=text_body,
        html_body=html_body,
        language=language,
    )
    db.session.add(message)
    db.session.flush()
    if has_request_context():
        g.mail_queued = True
    return message


def render_mail(template_name, language, **context):
    """Render ``templates/mail/<name>.subject.txt``, ``.txt`` and (if present) ``.html`` in ``language``.

    Returns ``(subject, text_body, html_body_or_None)``. Links inside should be
    built with ``absolute_url`` and the same language.
    """
    with force_locale(language):
        subject = render_template(f"mail/{template_name}.subject.txt", **context).strip()
        text_body = render_template(f"mail/{template_name}.txt", **context)
        try:
            html_body = render_template(f"mail/{template_name}.html", **context)
        except Exception as error:  # noqa: BLE001 - only a missing template is expected
            from jinja2 import TemplateNotFound

            if not isinstance(error, TemplateNotFound):
                raise
            html_body = None
    return subject, text_body, html_body


def absolute_url(endpoint, **values):
    """A full URL (``BASE_URL`` + path) for a link in a message; works outside requests too."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context():
        return base + url_for(endpoint, **values)


def _retry_delay(attempts):
    return timedelta(minutes=min(2 ** attempts, 360))


def _as_email(message):
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.recipient_email
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="partecipa")
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.text_body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    email["Content-Language"] = message.language  # after set_content, which drops Content-* headers
    return email


def _deliver_smtp(email):
    config = current_app.config
    port = config["MAIL_PORT"]
    timeout = config["MAIL_TIMEOUT"]
    if port == 465:
        smtp = smtplib.SMTP_SSL(config["MAIL_SERVER"], port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], port, timeout=timeout)
    with smtp:
        if port != 465 and config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(email)


def mail_folder():
    return Path(current_app.instance_path) / "mail"


def _deliver_file(message, email):
    folder = mail_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{message.id:06d}-{utcnow():%Y%m%d-%H%M%S}.eml"
    path.write_bytes(bytes(email))
    current_app.logger.warning("Mail to %s saved as %s", message.recipient_email, path)
    for link in _LINK.findall(message.text_body):
        current_app.logger.warning("  link: %s", link)
    return path


def send_pending(limit=None):
    """Deliver queued messages that are due; return ``(sent, failed)``.

    This is the delivery worker, not a service: it commits after each message,
    so a crash half-way never sends a message twice. A failure records
    ``attempts``, ``last_error`` and the time of the next try; after
    ``MAIL_MAX_ATTEMPTS`` the message stays in the table, unsent, for a person to look at.
    """
    now = utcnow()
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.attempts < current_app.config["MAIL_MAX_ATTEMPTS"],
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        )
        .order_by(OutboxMessage.id)
    )
    if limit:
        query = query.limit(limit)
    sent = failed = 0
    for message in db.session.scalars(query).all():
        email = _as_email(message)
        message.attempts = OutboxMessage.attempts + 1
        try:
            if current_app.config.get("MAIL_SERVER"):
                _deliver_smtp(email)
            else:
                _deliver_file(message, email)
        except (OSError, smtplib.SMTPException) as error:
            db.session.flush()
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = utcnow() + _retry_delay(message.attempts)
            failed += 1
            current_app.logger.error("Mail %s to %s failed: %s", message.id, message.recipient_email, error)
        else:
            message.sent_at = utcnow()
            message.last_error = None
            sent += 1
        db.session.commit()
    return sent, failed


def _send_after_request(response):
    """Development convenience: deliver what this request queued (MAIL_SEND_AFTER_REQUEST)."""
    if g.pop("mail_queued", False) and current_app.config.get("MAIL_SEND_AFTER_REQUEST"):
        # Work the view did not commit is discarded at teardown anyway; rolling
        # back first makes sure only committed messages are sent.
        db.session.rollback()
        try:
            send_pending(limit=20)
        except Exception:  # noqa: BLE001 - the page must not fail because of mail
            db.session.rollback()
            current_app.logger.exception("Sending mail after the request failed")
    return response


mail_cli = AppGroup("mail", help="Outgoing mail.")


@mail_cli.command("send")
@click.option("--limit", type=int, default=None, help="Send at most this many messages.")
def send_command(limit):
    """Deliver pending messages (SMTP, or .eml files under instance/mail/ without MAIL_SERVER)."""
    sent, failed = send_pending(limit=limit)
    click.echo(f"{sent} sent, {failed} failed")


def init_app(app):
    app.after_request(_send_after_request)
