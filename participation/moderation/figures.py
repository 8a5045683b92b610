"""Moderation in numbers: the dashboard for moderators and the public monthly figures."""
import statistics
from datetime import timedelta

from sqlalchemy import func, select

from ..core.models import as_utc, utcnow
from ..extensions import db
from .awaiting import awaiting_staff
from .models import Action, Appeal, AppealStatus, CaseStatus, Decision, ModerationCase, Report
from .targets import target_types


def median_hours_to_decision(since=None):
    """The median hours from opening a case to deciding it (cases closed since ``since``), or None."""
    query = select(ModerationCase.opened_at, ModerationCase.closed_at).where(ModerationCase.closed_at.is_not(None))
    if since is not None:
        query = query.where(ModerationCase.closed_at >= since)
    durations = [(as_utc(c) - as_utc(o)).total_seconds() / 3600 for o, c in db.session.execute(query)]
    return statistics.median(durations) if durations else None


def dashboard_counts():
    """What moderators see first: open cases, waiting appeals, contributions awaiting an answer, other work
    awaiting staff (``awaiting.py``: groups to verify ...), time to decision."""
    counts = {
        "open_cases": db.session.scalar(select(func.count()).where(ModerationCase.status == CaseStatus.OPEN)),
        "pending_appeals": db.session.scalar(select(func.count()).where(Appeal.status == AppealStatus.PENDING)),
    }
    for kind in target_types():
        if kind.count_awaiting_answer is not None:
            counts[f"{kind.name}s_awaiting"] = kind.count_awaiting_answer()
    for entry in awaiting_staff():
        counts[entry.name] = entry.count()
    counts["median_hours_30_days"] = median_hours_to_decision(utcnow() - timedelta(days=30))
    return counts


def monthly_figures():
    """Per month: reports received, content hidden, median hours to a decision. No personal data."""
    months = {}

    def bucket(dt):
        dt = as_utc(dt)
        key = (dt.year, dt.month)
        return months.setdefault(key, {"reports": 0, "hidden": 0, "durations": []})

    for (created,) in db.session.execute(select(Report.created_at)):
        bucket(created)["reports"] += 1
    for (created,) in db.session.execute(select(Decision.created_at).where(Decision.action == Action.HIDE)):
        bucket(created)["hidden"] += 1
    for opened, closed in db.session.execute(
        select(ModerationCase.opened_at, ModerationCase.closed_at).where(ModerationCase.closed_at.is_not(None))
    ):
        bucket(closed)["durations"].append((as_utc(closed) - as_utc(opened)).total_seconds() / 3600)
    rows = []
    for (year, month), data in sorted(months.items(), reverse=True):
        rows.append(
            {
                "year": year,
                "month": month,
                "reports": data["reports"],
                "hidden": data["hidden"],
                "median_hours": statistics.median(data["durations"]) if data["durations"] else None,
            }
        )
    return rows
