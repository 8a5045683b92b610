"""What opinion maps hold about a person: the group they fell in on each discussion's map.

It is shown to that person alone (on the discussion's page and in the data download); deleting
the account deletes it (the next map is drawn without them).
"""
from sqlalchemy import delete, select

from ..accounts.personal_data import register_personal_data
from ..extensions import db
from .models import OpinionMembership


def export_groups(user):
    """``[{"thread_id", "group"}]``: the group ``user`` is in on each discussion's latest map."""
    rows = db.session.execute(select(OpinionMembership.thread_id, OpinionMembership.group_label)
                              .where(OpinionMembership.user_id == user.id).order_by(OpinionMembership.thread_id))
    return [{"thread_id": thread_id, "group": label} for thread_id, label in rows]


def erase_groups(user):
    db.session.execute(delete(OpinionMembership).where(OpinionMembership.user_id == user.id))
    db.session.flush()


register_personal_data("opinion_groups", export=export_groups, erase=erase_groups)
