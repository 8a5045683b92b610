"""What people can be notified of: a registry of notification kinds.

Each feature that notifies people registers its kinds beside its models
(``discussion/notification_kinds.py``, ...). A kind knows how to say one of
its notifications in a sentence (the line of the notifications page, and the
subject and body of its email), where it leads, how it is labelled in the
email settings and what email it sends until the person chooses. The kinds
come in the order they are registered, which is the order of the settings page.

The data of a notification names people only by id: ``actor_id`` is the
person who did what it tells. ``describe`` receives the data with ``actor``
set to that person's name as the site shows it when the notification is read
(``actors.py``), so an erased account is never named.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NOTIFICATION_KINDS = {}


@dataclass(frozen=True)
class NotificationKind:
    name: str  # stored in Notification.kind and NotificationPreference.kind
    label: Any  # lazy text: the kind in the email settings and on the unsubscribe page
    default_email_mode: str  # "immediate", "daily" or "off", until the person chooses
    # data -> one sentence in the current language
    describe: Callable[[dict], str]
    # data -> (endpoint, values) of the page the notification leads to, or None
    # for the notifications page (or the ``url`` the data carries)
    link: Callable[[dict], tuple[str, dict] | None] = lambda data: None
    staff_only: bool = False  # offered in the settings only to staff
    # user -> whether the settings offer this kind to them; None: everyone (staff only with ``staff_only``)
    offered_to: Callable[[Any], bool] | None = None
    # data -> a short line for the email's subject; None: the sentence, cut short
    subject: Callable[[dict], str] | None = None


def register_notification_kind(kind):
    NOTIFICATION_KINDS[kind.name] = kind
    return kind


def get_notification_kind(name):
    return NOTIFICATION_KINDS.get(name)


def kind_names():
    """The names of every registered kind, in the order of the settings page."""
    return tuple(NOTIFICATION_KINDS)


def default_email_modes():
    """``{kind: email mode}`` for someone who has chosen nothing."""
    return {name: kind.default_email_mode for name, kind in NOTIFICATION_KINDS.items()}
