"""Outgoing mail through an outbox table.

A feature that sends mail calls ``queue_mail`` (or ``render_mail`` then
``queue_mail``) inside its own transaction: the message exists exactly when the
action that caused it is committed. ``send_pending`` (``flask mail send``,
run from a timer in production) delivers the outbox by SMTP, or, without
``MAIL_SERVER``, writes each message as an ``.eml`` file under
``instance/mail/`` and logs where it is and the links it holds. A failed
delivery stays in the outbox and is retried later with a growing delay.

Each message is delivered once, however many senders run at the same time
(several ``flask mail send``, the end of requests in several workers, several
servers): a sender first claims a batch of due messages in one short
transaction, one conditional ``UPDATE`` that writes its claim token and time
(on PostgreSQL over ``SELECT ... FOR UPDATE SKIP LOCKED``, so senders take
different rows without waiting for each other; on SQLite writers take turns,
so the condition is decided against committed rows). It sends only messages
it holds and renews its claim while it works through the batch. A claim older
than ``MAIL_CLAIM_TIMEOUT`` seconds belongs to a sender that died and is taken
over; a sender that died after the SMTP server accepted a message but before
it recorded the delivery is the one case in which a message goes out twice.

Log lines never hold an address: a message is named by its id, and errors
are logged with anything that looks like an address replaced.

Usage from a service::

    subject, text, html = render_mail("accounts/verify", user.language, user=user, link=link)
    queue_mail(user.email, subject, text, html, language=user.language)
"""
import re
import secrets
import smtplib
import ssl
import time
import traceback
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import click
from flask import current_app, g, has_request_context, render_template
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import DateTime, Integer, String, Text, func, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .addresses import absolute_url  # noqa: F401  (every link in a message is built with it)
from .models import utcnow
from .request_log import EMAIL, REDACTED

_LINK = re.compile(r"https?://\S+")
# Messages one sender claims at a time: others take the next ones meanwhile.
CLAIM_BATCH = 20


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
    # The sender delivering the message now (see "Each message is delivered once" above).
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

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

    Returns ``(subject, text_body, html_body_or_None)``. Links inside are
    built with ``core.addresses.absolute_url`` and the same language.
    """
    from .i18n import babel_locale

    with force_locale(babel_locale(language)):
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
    current_app.logger.warning("Mail %s saved as %s", message.id, path)
    for link in _LINK.findall(message.text_body):
        current_app.logger.warning("  link: %s", without_addresses(link))
    return path


def without_addresses(text):
    """``text`` with everything that looks like an email address replaced (for log lines)."""
    return EMAIL.sub(REDACTED, str(text))


def _claim(token, size, last_id):
    """Mark up to ``size`` due messages (ids up to ``last_id``) as held by ``token``; return them.

    One statement in a transaction of its own: a message is claimable when it
    is unsent, due, below ``MAIL_MAX_ATTEMPTS`` and not held by a live claim.
    Claiming counts an attempt, so a message that kills its sender is not
    retried for ever. The rows come back from ``RETURNING``, in id order.
    """
    config = current_app.config
    now = utcnow()
    stale = now - timedelta(seconds=config["MAIL_CLAIM_TIMEOUT"])
    claimable = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.id <= last_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.attempts < config["MAIL_MAX_ATTEMPTS"],
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
            or_(OutboxMessage.claim_token.is_(None), OutboxMessage.claimed_at < stale),
        )
        .order_by(OutboxMessage.id)
        .limit(size)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite's writers take turns instead
    )
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(claimable))
        .values(claim_token=token, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id, OutboxMessage.recipient_email, OutboxMessage.subject, OutboxMessage.text_body,
                   OutboxMessage.html_body, OutboxMessage.language, OutboxMessage.attempts)
        .execution_options(synchronize_session=False)
    )
    claimed = sorted(db.session.execute(statement).all(), key=lambda row: row.id)
    db.session.commit()
    return claimed


def _renew(token, ids):
    """Refresh the claim on ``ids``; return the ids still held by ``token``."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.claim_token == token)
        .values(claimed_at=utcnow())
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    held = set(db.session.scalars(statement).all())
    db.session.commit()
    return held


def _record(message_id, token=None, **values):
    """Write the outcome of a delivery and release the claim (only ``token``'s when given)."""
    statement = update(OutboxMessage).where(OutboxMessage.id == message_id)
    if token is not None:
        statement = statement.where(OutboxMessage.claim_token == token)
    db.session.execute(statement.values(claim_token=None, claimed_at=None, **values)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _deliver(message):
    """Send one claimed message; returns the error, or None when it was delivered."""
    try:
        email = _as_email(message)
        if current_app.config.get("MAIL_SERVER"):
            _deliver_smtp(email)
        else:
            _deliver_file(message, email)
    except Exception as error:  # noqa: BLE001 - one bad message must not stop the others
        return error
    return None


def _log_failure(message, error):
    detail = f"{type(error).__name__}: {error}"
    if not isinstance(error, (OSError, smtplib.SMTPException)):  # not the network: a bug to look at
        detail += "\n" + "".join(traceback.format_exception(error))
    current_app.logger.error("Mail %s failed (attempt %s): %s", message.id, message.attempts,
                             without_addresses(detail))


def send_pending(limit=None):
    """Deliver queued messages that are due; return ``(sent, failed)``.

    This is the delivery worker, not a service: it commits (the caller's
    session first), and each step is a transaction of its own: claim a batch,
    then per message deliver and record the outcome. Messages queued after it
    started wait for the next run. A failure records ``attempts``,
    ``last_error`` and the time of the next try; after ``MAIL_MAX_ATTEMPTS``
    the message stays in the table, unsent, for a person to look at.
    """
    db.session.commit()
    last_id = db.session.scalar(select(func.max(OutboxMessage.id)))
    db.session.commit()
    if last_id is None:
        return 0, 0
    token = secrets.token_hex(16)
    renew_after = current_app.config["MAIL_CLAIM_TIMEOUT"] / 3
    sent = failed = taken = 0
    while limit is None or taken < limit:
        batch = _claim(token, CLAIM_BATCH if limit is None else min(CLAIM_BATCH, limit - taken), last_id)
        if not batch:
            break
        taken += len(batch)
        held, renewed_at = {message.id for message in batch}, time.monotonic()
        for position, message in enumerate(batch):
            if time.monotonic() - renewed_at > renew_after:
                held, renewed_at = _renew(token, [later.id for later in batch[position:]]), time.monotonic()
            if message.id not in held:
                continue  # this sender stalled past the timeout and another one took the message over
            error = _deliver(message)
            if error is None:
                _record(message.id, sent_at=utcnow(), last_error=None)
                sent += 1
                continue
            _record(message.id, token, last_error=f"{type(error).__name__}: {error}"[:2000],
                    next_attempt_at=utcnow() + _retry_delay(message.attempts))
            failed += 1
            _log_failure(message, error)
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
            current_app.logger.error("Sending mail after the request failed: %s",
                                     without_addresses(traceback.format_exc()))
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
