"""What moderation holds about a person: the reports they made, the decisions about them, their appeals.

Deleting the account keeps all three as moderation records (a decision and
its appeal stand, a report still counts), tied to an account that has no
name, address or password any more. Who moderated is not part of the
download: the moderators' records are the audit log's.
"""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.personal_data import export_time, register_personal_data
from ..extensions import db
from .models import Appeal, Decision, Report


def export_reports(user):
    """Every report ``user`` made, oldest first, with whether its case is still open."""
    reports = db.session.scalars(
        select(Report).where(Report.reporter_id == user.id).options(selectinload(Report.case)).order_by(Report.id)
    ).all()
    return [
        {
            "target_type": report.target_type,
            "target_id": report.target_id,
            "reason": report.reason.value,
            "note": report.note,
            "created_at": export_time(report.created_at),
            "case_status": report.case.status.value,
            "outcome_notified_at": export_time(report.outcome_notified_at),
        }
        for report in reports
    ]


def export_decisions(user):
    """Every moderation decision about ``user``'s contributions or account, oldest first."""
    decisions = db.session.scalars(
        select(Decision).where(Decision.subject_id == user.id).order_by(Decision.id)
    ).all()
    return [
        {
            "id": decision.id,
            "target_type": decision.target_type,
            "target_id": decision.target_id,
            "action": decision.action.value,
            "reason": decision.reason.value,
            "note": decision.note,
            "suspension_days": decision.suspension_days,
            "suspended_until": export_time(decision.suspended_until),
            "appealable": decision.is_appealable,
            "created_at": export_time(decision.created_at),
        }
        for decision in decisions
    ]


def export_appeals(user):
    """Every appeal ``user`` made, oldest first, with its result."""
    appeals = db.session.scalars(
        select(Appeal).where(Appeal.appellant_id == user.id).order_by(Appeal.id)
    ).all()
    return [
        {
            "decision_id": appeal.decision_id,
            "text": appeal.text,
            "status": appeal.status.value,
            "result_note": appeal.result_note,
            "created_at": export_time(appeal.created_at),
            "decided_at": export_time(appeal.decided_at),
        }
        for appeal in appeals
    ]


register_personal_data("reports", export=export_reports)
register_personal_data("moderation_decisions", export=export_decisions)
register_personal_data("appeals", export=export_appeals)
