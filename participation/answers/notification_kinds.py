"""The City's answers with the notifications feature: an answer to a resident, a reminder to department staff."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..notifications.kinds import NotificationKind, register_notification_kind
from ..programme.staff import member_department_ids


def _describe_answer(data):
    return gettext("%(department)s answered you on “%(title)s”.", department=data.get("department", ""),
                   title=data.get("title", ""))


def _describe_reminder(data):
    if data.get("when") == "day":
        return gettext("An answer is due today on “%(title)s”.", title=data.get("title", ""))
    return gettext("An answer is due within a week on “%(title)s”.", title=data.get("title", ""))


def _answer_link(data):
    if data.get("comment_id"):
        return "discussion.permalink", {"comment_id": data["comment_id"]}
    return None


def _reminder_link(data):
    if data.get("department_slug"):
        return "answers.inbox_of", {"slug": data["department_slug"]}
    return _answer_link(data)


register_notification_kind(NotificationKind(
    name="city_answer",
    label=_l("Answers from the City to your questions"),
    default_email_mode="immediate",
    describe=_describe_answer,
    link=_answer_link,
))
register_notification_kind(NotificationKind(
    name="answer_reminder",
    label=_l("Reminders of answers due from your department"),
    default_email_mode="immediate",
    describe=_describe_reminder,
    link=_reminder_link,
    # Department staff receive the reminders; moderators and administrators may answer for any department.
    offered_to=lambda user: getattr(user, "is_staff", False) or bool(member_department_ids(user)),
))
