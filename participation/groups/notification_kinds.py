"""Neighbourhood groups with the notifications feature: decisions on join requests, followed groups."""
from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..notifications.follow_targets import FollowTarget, register_follow_target
from ..notifications.kinds import NotificationKind, register_notification_kind
from .models import Group


def _describe_group_decision(data):
    if data.get("accepted"):
        return gettext("Your request to join %(group)s was accepted.", group=data.get("group", ""))
    return gettext("Your request to join %(group)s was declined.", group=data.get("group", ""))


register_notification_kind(NotificationKind(
    name="group_decision",
    label=_l("Decisions on my group requests"),
    default_email_mode="immediate",
    describe=_describe_group_decision,
))

register_follow_target(FollowTarget(
    name="group",
    load=lambda group_id: db.session.get(Group, group_id),
    back_url=lambda group: url_for("site.home"),
))
