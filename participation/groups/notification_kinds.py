"""Neighbourhood groups with the notifications feature: join requests and their answers,
verification by staff, followed groups."""
from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..notifications.follow_targets import FollowTarget, register_follow_target
from ..notifications.kinds import NotificationKind, register_notification_kind
from .models import Group
from .notify import JOIN_REQUEST, UNVERIFIED, VERIFIED


def _group_page(data, anchor=None):
    if not data.get("slug"):
        return None
    values = {"slug": data["slug"]}
    if anchor:
        values["_anchor"] = anchor
    return "groups.show", values


def _describe_group_decision(data):
    if data.get("accepted"):
        return gettext("Your request to join %(group)s was accepted.", group=data.get("group", ""))
    return gettext("Your request to join %(group)s was declined.", group=data.get("group", ""))


def _describe_group_admin(data):
    group = data.get("group", "")
    if data.get("event") == VERIFIED:
        return gettext("The City's staff verified %(group)s: its members can now publish on its behalf.",
                       group=group)
    if data.get("event") == UNVERIFIED:
        return gettext("The City's staff withdrew the verification of %(group)s: it can no longer publish "
                       "on behalf of its members.", group=group)
    return gettext("%(actor)s asked to join %(group)s.", actor=data.get("actor", ""), group=group)


def _group_admin_link(data):
    return _group_page(data, anchor="requests-title" if data.get("event") == JOIN_REQUEST else None)


register_notification_kind(NotificationKind(
    name="group_decision",
    label=_l("Decisions on my group requests"),
    default_email_mode="immediate",
    describe=_describe_group_decision,
    link=_group_page,
))
register_notification_kind(NotificationKind(
    name="group_admin",
    label=_l("The groups I run: requests to join, verification by the City's staff"),
    default_email_mode="immediate",
    describe=_describe_group_admin,
    link=_group_admin_link,
))

register_follow_target(FollowTarget(
    name="group",
    load=lambda group_id: db.session.get(Group, group_id),
    back_url=lambda group: url_for("groups.show", slug=group.slug),
))
