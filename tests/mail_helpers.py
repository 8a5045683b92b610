"""Reading the outbox in tests: the mail a person would receive, and the links in it."""
import re
from urllib.parse import urlsplit

from sqlalchemy import select

from participation.core.mail import OutboxMessage
from participation.extensions import db


def mails_to(address):
    """Every queued message to ``address``, oldest first."""
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient_email == address).order_by(OutboxMessage.id)
    ).all()


def last_mail_to(address):
    messages = mails_to(address)
    assert messages, f"no mail to {address}"
    return messages[-1]


def link_path(message):
    """The path of the first link in a message (what the test client can open)."""
    match = re.search(r"https?://\S+", message.text_body)
    assert match, message.text_body
    return urlsplit(match.group(0)).path
