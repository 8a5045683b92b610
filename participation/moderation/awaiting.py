"""Work waiting for staff beyond reports and appeals: groups to verify, and what comes next.

A feature above moderation that leaves something for staff to do registers
an ``AwaitingStaff`` in a module beside its models; the moderation dashboard
counts each, in the order registered, and links to the page that lists them.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

AWAITING_STAFF = {}


@dataclass(frozen=True)
class AwaitingStaff:
    name: str  # the key of its number in ``figures.dashboard_counts``
    label: Any  # lazy text: what waits, as the dashboard says it
    count: Callable[[], int]  # how many wait now
    endpoint: str  # the staff page that lists them (it takes only ``lang_code``)


def register_awaiting_staff(entry):
    """Count ``entry`` on the moderation dashboard under its name; returns it."""
    AWAITING_STAFF[entry.name] = entry
    return entry


def awaiting_staff():
    """Every registered ``AwaitingStaff``, in the order they were registered."""
    return list(AWAITING_STAFF.values())
