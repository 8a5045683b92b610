"""Proposals with the notifications feature: changes of status and official answers."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import NotificationKind, register_notification_kind
from .services import status_label


def _describe_proposal_status(data):
    if data.get("official_answer"):
        return gettext("Official answer on “%(title)s”.", title=data.get("title", ""))
    return gettext("The proposal “%(title)s” is now: %(status)s.", title=data.get("title", ""),
                   status=status_label(data.get("status", "")))


def _proposal_status_link(data):
    # An official answer leads to the comment that gives it.
    if data.get("comment_id"):
        return "discussion.permalink", {"comment_id": data["comment_id"]}
    if data.get("proposal_id"):
        return "proposals.detail", {"proposal_id": data["proposal_id"]}
    return None


register_notification_kind(NotificationKind(
    name="proposal_status",
    label=_l("Status changes and official answers on proposals"),
    default_email_mode="immediate",
    describe=_describe_proposal_status,
    link=_proposal_status_link,
))
