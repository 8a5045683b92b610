"""Telling people about moderation: the author, the reporters, the moderators.

Everything goes through the notifications feature: a notification in the
site and, by the person's email preference, an email in their language.
"""
from flask_babel import gettext
from sqlalchemy import select

from ..accounts.models import Role, User
from ..core.models import utcnow
from ..extensions import db
from ..notifications.services import notify
from .labels import APPEAL_LABELS, TARGET_LABELS, action_label, reason_label
from .models import AppealStatus


def _staff():
    return db.session.scalars(
        select(User).where(User.role.in_([Role.MODERATOR, Role.ADMINISTRATOR]), User.deleted_at.is_(None))
    ).all()


def moderators_of_hidden_case(case):
    for moderator in _staff():
        notify(moderator, "moderation_queue", event="hidden", case_id=case.id, target=case.target_type)


def moderators_of_held_content(case):
    for moderator in _staff():
        notify(moderator, "moderation_queue", event="held", case_id=case.id, target=case.target_type)


def moderators_of_appeal(appeal):
    for moderator in [appeal.assigned_to] if appeal.assigned_to is not None else _staff():
        notify(moderator, "moderation_queue", event="appeal", appeal_id=appeal.id)


def subject_of_decision(decision):
    """The author hears of every decision about their content or account, with the reason and how to appeal."""
    if decision.subject is None:
        return
    notify(
        decision.subject,
        "moderation_decision",
        decision_id=decision.id,
        action=decision.action.value,
        reason=decision.reason.value,
        note=decision.note,
        target=decision.target_type,
        appealable=decision.is_appealable,
    )


def reporters_of_outcome(case, decision):
    """Everyone who reported the target is told what was decided."""
    now = utcnow()
    for report in case.reports:
        if report.reporter is None or report.outcome_notified_at is not None:
            continue
        notify(report.reporter, "report_outcome", action=decision.action.value, target=case.target_type)
        report.outcome_notified_at = now


def appellant_of_result(appeal):
    if appeal.appellant is None:
        return
    notify(
        appeal.appellant,
        "moderation_decision",
        decision_id=appeal.decision_id,
        appeal_status=appeal.status.value,
        note=appeal.result_note,
    )


def describe_notification(kind, data, brief=False):
    """One sentence, in the current language, for a moderation notification.

    ``brief`` leaves out the moderator's explanation (for an email's subject)."""
    target = TARGET_LABELS.get(data.get("target", ""), "")
    if kind == "report_outcome":
        return gettext("Your report about a %(target)s was reviewed: %(action)s.", target=str(target).lower(),
                       action=action_label(data.get("action", "dismiss")))
    if kind == "moderation_queue":
        if data.get("event") == "appeal":
            return gettext("An appeal waits for your review.")
        if data.get("event") == "held":
            return gettext("A contribution waits for approval before publication.")
        return gettext("Reported content was hidden automatically and waits for your review.")
    if data.get("appeal_status"):
        return gettext("Your appeal was reviewed by another moderator. The result is final: %(status)s.",
                       status=APPEAL_LABELS[AppealStatus(data["appeal_status"])])
    sentence = gettext("Moderation decision: %(action)s. Reason: %(reason)s.",
                       action=action_label(data.get("action", "warn")), reason=reason_label(data.get("reason", "other")))
    if brief:
        return sentence
    if data.get("note"):
        sentence += " " + data["note"]
    if data.get("appealable"):
        sentence += " " + gettext("You can appeal it.")
    return sentence
