"""Telling people about their groups: join requests to the administrators, answers to the
person who asked, verification by staff to the administrators.

Everything goes through the notifications feature: a notification in the
site and, by each person's email preference, an email in their language.
"""
from ..notifications.services import notify

# Events of the "group_admin" kind (data["event"]); the kind is in notification_kinds.py.
JOIN_REQUEST, VERIFIED, UNVERIFIED = "join_request", "verified", "unverified"


def _about(group):
    return {"group": group.name, "slug": group.slug}


def _administrators(group):
    return [membership.user for membership in group.accepted_members if membership.is_admin]


def administrators_of_join_request(group, membership):
    """Each administrator of ``group`` hears that ``membership``'s person asked to join."""
    for admin in _administrators(group):
        if admin.id != membership.user_id:
            notify(admin, "group_admin", event=JOIN_REQUEST, actor_id=membership.user_id, **_about(group))


def asker_of_decision(group, membership):
    """The person who asked to join hears whether the administrators accepted them."""
    notify(membership.user, "group_decision", accepted=membership.is_accepted, **_about(group))


def administrators_of_verification(group):
    """Each administrator of ``group`` hears that staff verified it, or withdrew the verification."""
    event = VERIFIED if group.is_verified else UNVERIFIED
    for admin in _administrators(group):
        notify(admin, "group_admin", event=event, **_about(group))
