"""Where comments and proposals meet neighbourhood groups and neighbourhoods.

The groups feature owns ``Group``, ``GroupMembership`` and ``Neighbourhood``.
Comments and proposals only keep nullable ids pointing at them; the foreign
keys and relationships are declared when that feature is installed.
"""
from sqlalchemy import ForeignKey, select

from ..extensions import db

try:
    from ..groups.models import Group, GroupMembership, Neighbourhood
except ImportError:  # the groups feature is not part of this installation
    Group = GroupMembership = Neighbourhood = None

HAS_GROUPS = Group is not None


def group_foreign_key():
    """Foreign-key arguments for a ``group_id`` column (none without groups)."""
    return [ForeignKey("neighbourhood_group.id", ondelete="SET NULL")] if HAS_GROUPS else []


def neighbourhood_foreign_key():
    """Foreign-key arguments for a ``neighbourhood_id`` column (none without groups)."""
    return [ForeignKey("neighbourhood.id", ondelete="SET NULL")] if Neighbourhood is not None else []


def groups_user_may_speak_for(user):
    """Verified groups in which ``user`` is an accepted member, by name."""
    if not HAS_GROUPS or not getattr(user, "is_authenticated", False):
        return []
    return db.session.scalars(
        select(Group)
        .join(GroupMembership, GroupMembership.group_id == Group.id)
        .where(
            GroupMembership.user_id == user.id,
            GroupMembership.status == "accepted",
            Group.verified_at.is_not(None),
        )
        .order_by(Group.name)
    ).all()


def may_speak_for_group(user, group_id):
    """True when ``user`` may comment or propose on behalf of group ``group_id``."""
    if group_id is None:
        return True
    return any(group.id == group_id for group in groups_user_may_speak_for(user))


def get_group(group_id):
    if not HAS_GROUPS or group_id is None:
        return None
    return db.session.get(Group, group_id)


def list_neighbourhoods():
    if Neighbourhood is None:
        return []
    return db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)).all()


def list_verified_groups():
    if not HAS_GROUPS:
        return []
    return db.session.scalars(select(Group).where(Group.verified_at.is_not(None)).order_by(Group.name)).all()
