"""What other features hold about a person, behind one small interface.

A feature that keeps personal data registers it once, beside its models, with
``register_personal_data(name, export=..., erase=..., summary=...)``:

- ``export(user)`` returns a JSON-serialisable value, shown under ``name`` in
  "Download my data";
- ``erase(user)`` runs when the account is deleted, before its address and
  name are erased (so it can still find what mentions them); it flushes and
  never commits;
- ``summary(user)`` returns the HTML section the public profile shows about it.

Accounts calls them through the functions below and knows nothing else of the
features above it. What each section holds, and what deletion erases and
keeps, is in docs/personal-data.md.

A feature never copies a person's name into its rows (it stores the account
id and shows ``User.public_name`` when it is read), so erasing the account
erases the name everywhere. Mail is the exception: a message is written
when it is queued, so erasure takes the name out of the outbox too.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import func, or_, select

from ..core.mail import OutboxMessage
from ..extensions import db

PERSONAL_DATA = {}


@dataclass(frozen=True)
class PersonalData:
    name: str
    export: Callable[[Any], Any] | None = None
    erase: Callable[[Any], None] | None = None
    summary: Callable[[Any], str] | None = None


def register_personal_data(name, export=None, erase=None, summary=None):
    """Add what a feature holds about a person under ``name`` (see the module's docstring)."""
    PERSONAL_DATA[name] = PersonalData(name, export=export, erase=erase, summary=summary)
    return PERSONAL_DATA[name]


def export_time(value):
    """A timestamp as it appears in the data download (ISO 8601, or None)."""
    return value.isoformat() if value else None


def exported_personal_data(user):
    """``{name: export(user)}`` for every registered feature that exports, in registration order."""
    return {entry.name: entry.export(user) for entry in PERSONAL_DATA.values() if entry.export is not None}


def erase_personal_data(user):
    """Let every registered feature forget ``user``, then take their name out of the outbox.

    Runs before the account itself is erased (flushes, never commits).
    """
    for entry in PERSONAL_DATA.values():
        if entry.erase is not None:
            entry.erase(user)
    erase_name_from_outbox(user)


def _replace_name(text, name, replacement):
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda _match: replacement, text)


def erase_name_from_outbox(user):
    """Put the deleted-author name in place of ``user``'s display name in every outbox message holding it.

    Each message gets the name in its own language ("Deleted account"), in
    its subject, text and HTML; mail not yet sent then goes out without the
    person's name (a notification that "Carla commented" becomes "Deleted
    account commented"). Mail to the person's own address is removed
    afterwards by the deletion itself.
    """
    name = (user.display_name or "").strip()
    if not name:
        return
    html_name = str(escape(name))
    columns = (OutboxMessage.subject, OutboxMessage.text_body, OutboxMessage.html_body)
    holding = or_(*(
        condition
        for column in columns
        for spelling in {name, html_name}
        for condition in (column.contains(spelling, autoescape=True),
                          func.lower(column).contains(spelling.lower(), autoescape=True))
    ))
    for message in db.session.scalars(select(OutboxMessage).where(holding)):
        with force_locale(message.language or "it"):
            replacement = gettext("Deleted account")
        message.subject = _replace_name(message.subject, name, replacement)
        message.text_body = _replace_name(message.text_body, name, replacement)
        if message.html_body:
            message.html_body = _replace_name(message.html_body, html_name, str(escape(replacement)))
    db.session.flush()


def profile_summaries(user):
    """The HTML sections of ``user``'s public profile that other features provide, in registration order."""
    return [entry.summary(user) for entry in PERSONAL_DATA.values() if entry.summary is not None]
