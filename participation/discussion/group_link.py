"""Where comments and proposals meet neighbourhood groups and neighbourhoods."""
from sqlalchemy import select

from ..extensions import db
from ..groups.models import Group, Neighbourhood
from ..groups.services import groups_user_can_act_for

__all__ = ["Neighbourhood", "groups_user_may_speak_for", "may_speak_for_group", "get_group", "list_neighbourhoods",
           "list_verified_groups"]


def groups_user_may_speak_for(user):
    """Verified groups on whose behalf ``user`` may publish, by name."""
    return groups_user_can_act_for(user)


def may_speak_for_group(user, group_id):
    """True when ``user`` may comment or propose on behalf of group ``group_id``."""
    if group_id is None:
        return True
    return any(group.id == group_id for group in groups_user_may_speak_for(user))


def get_group(group_id):
    return db.session.get(Group, group_id) if group_id is not None else None


def list_neighbourhoods():
    return db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.position, Neighbourhood.name)).all()


def list_verified_groups():
    return db.session.scalars(select(Group).where(Group.verified_at.is_not(None)).order_by(Group.name)).all()
