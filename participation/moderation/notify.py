"""Telling people about moderation: the author, the reporters, the moderators.

Messages go to the site's notifications and, by email, through the outbox in
the recipient's language.
"""
from flask import url_for
from flask_babel import force_locale, gettext
from sqlalchemy import select

from ..accounts.models import Role, User
from ..core.models import utcnow
from ..extensions import db
from .labels import APPEAL_LABELS, action_label, reason_label


def _site_notification(user, kind, **data):
    try:
        from ..notifications.services import notify as site_notify
    except ImportError:  # the notifications feature is optional
        return
    site_notify(user, kind, **data)


def _email(user, compose):
    """Queue an email to ``user`` written by ``compose()`` in their language."""
    try:
        from ..core.mail import queue_mail
    except ImportError:
        return
    if not user.email or user.deleted_at is not None:
        return
    language = user.language or "it"
    with force_locale(language):
        subject, body = compose()
    queue_mail(user.email, subject, body, language=language)


def _staff():
    return db.session.scalars(
        select(User).where(User.role.in_([Role.MODERATOR, Role.ADMINISTRATOR]), User.deleted_at.is_(None))
    ).all()


def _queue_url(case_id=None):
    try:
        if case_id:
            return url_for("moderation.case", case_id=case_id, _external=True)
        return url_for("moderation.queue", _external=True)
    except RuntimeError:
        return ""


def moderators_of_hidden_case(case):
    for moderator in _staff():
        _site_notification(moderator, "moderation_case", case_id=case.id, target_type=case.target_type)
        url = _queue_url(case.id)
        _email(
            moderator,
            lambda url=url: (
                gettext("Content hidden pending review"),
                gettext("Reported content was hidden automatically and waits for your review: %(url)s", url=url),
            ),
        )


def moderators_of_held_content(case):
    for moderator in _staff():
        _site_notification(moderator, "moderation_held", case_id=case.id, target_type=case.target_type)


def moderators_of_appeal(appeal):
    targets = [appeal.assigned_to] if appeal.assigned_to is not None else _staff()
    for moderator in targets:
        _site_notification(moderator, "moderation_appeal", appeal_id=appeal.id)
        url = _queue_url()
        _email(
            moderator,
            lambda url=url: (
                gettext("An appeal waits for your review"),
                gettext("A resident appealed a moderation decision: %(url)s", url=url),
            ),
        )


def _appeal_url(decision):
    try:
        return url_for("moderation.appeal", decision_id=decision.id, lang_code=decision.subject.language or "it", _external=True)
    except (RuntimeError, AttributeError):
        return ""


def subject_of_decision(decision):
    """The author hears of every decision about their content or account, with the reason and how to appeal."""
    subject = decision.subject
    if subject is None:
        return
    _site_notification(subject, "moderation_decision", decision_id=decision.id, action=decision.action.value)
    url = _appeal_url(decision)
    _email(
        subject,
        lambda: (
            gettext("A moderation decision about your participation"),
            gettext(
                "The moderators decided: %(action)s. Reason: %(reason)s. %(note)s\n\n"
                "You can read the decision and appeal it here: %(url)s",
                action=action_label(decision.action),
                reason=reason_label(decision.reason),
                note=decision.note,
                url=url,
            ),
        ),
    )


def reporters_of_outcome(case, decision):
    """Everyone who reported the target is told what was decided."""
    now = utcnow()
    for report in case.reports:
        if report.reporter is None or report.outcome_notified_at is not None:
            continue
        _site_notification(report.reporter, "report_outcome", report_id=report.id, action=decision.action.value)
        report.outcome_notified_at = now


def appellant_of_result(appeal):
    if appeal.appellant is None:
        return
    _site_notification(appeal.appellant, "appeal_result", appeal_id=appeal.id, status=appeal.status.value)
    _email(
        appeal.appellant,
        lambda: (
            gettext("The answer to your appeal"),
            gettext(
                "Your appeal was reviewed by another moderator. The result is final: %(status)s.",
                status=APPEAL_LABELS[appeal.status],
            ),
        ),
    )
