"""The person a notification tells of, named when it is read.

A notification stores who acted as ``actor_id`` (a user id), never their
name. The name is looked up each time the notification is shown (the list
page, an immediate email, the daily digest), so a renamed account shows its
new name and an erased one the name the site gives every deleted author
("Deleted account", ``User.public_name``).
"""
from flask_babel import gettext
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db

ACTOR_ID = "actor_id"
ACTOR_NAME = "actor"


def _actor_id(notification):
    value = (notification.data or {}).get(ACTOR_ID)
    return value if isinstance(value, int) else None


def actor_names(notifications):
    """``{user id: name shown now}`` for the actors of ``notifications``, in one query (none without actors)."""
    ids = {_actor_id(n) for n in notifications} - {None}
    if not ids:
        return {}
    return {user.id: user.public_name for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def data_with_actor_name(data, names):
    """A copy of a notification's ``data`` whose ``actor`` is the actor's name as shown now.

    ``names`` comes from ``actor_names``. A notification that names no known
    actor (the data of an old notification whose author cannot be known)
    shows the deleted-author name; a stored name is never shown.
    """
    data = dict(data or {})
    if ACTOR_ID in data or ACTOR_NAME in data:
        name = names.get(data.get(ACTOR_ID)) if isinstance(data.get(ACTOR_ID), int) else None
        data[ACTOR_NAME] = name or gettext("Deleted account")
    return data
