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
features above it.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    """Let every registered feature forget ``user`` (before the account itself is erased)."""
    for entry in PERSONAL_DATA.values():
        if entry.erase is not None:
            entry.erase(user)


def profile_summaries(user):
    """The HTML sections of ``user``'s public profile that other features provide, in registration order."""
    return [entry.summary(user) for entry in PERSONAL_DATA.values() if entry.summary is not None]
