"""Moderation with the notifications feature: decisions, outcomes of reports, the moderators' queue."""
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import NotificationKind, register_notification_kind
from .notify import describe_notification


def _decision_link(data):
    if data.get("decision_id"):
        return "moderation.appeal", {"decision_id": data["decision_id"]}
    return None


def _queue_link(data):
    if data.get("case_id"):
        return "moderation.case", {"case_id": data["case_id"]}
    if data.get("appeal_id"):
        return "moderation.appeal_review", {"appeal_id": data["appeal_id"]}
    return None


def _kind(name, label, default_email_mode, link=lambda data: None, staff_only=False):
    return NotificationKind(
        name=name,
        label=label,
        default_email_mode=default_email_mode,
        describe=lambda data: describe_notification(name, data),
        link=link,
        staff_only=staff_only,
        subject=lambda data: describe_notification(name, data, brief=True),
    )


register_notification_kind(_kind(
    "moderation_decision",
    _l("Moderation decisions about my contributions or account, and answers to my appeals"),
    "immediate",
    link=_decision_link,
))
register_notification_kind(_kind("report_outcome", _l("What was decided about content I reported"), "daily"))
register_notification_kind(_kind(
    "moderation_queue", _l("Work waiting for the moderators (staff only)"), "immediate", link=_queue_link,
    staff_only=True,
))
