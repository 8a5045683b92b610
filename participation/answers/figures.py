"""How each department answers, in figures anyone may read: no names, no texts, only counts and days."""
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from sqlalchemy import select

from ..core.models import as_utc, utcnow
from ..extensions import db
from .deadlines import city_date
from .models import AnswerRequest, AnswerRequestDepartment


@dataclass
class Figures:
    received: int = 0
    answered: int = 0
    on_time: int = 0
    overdue: int = 0  # not answered, past the deadline, now
    days: list = field(default_factory=list)  # days taken by each answer

    @property
    def median_days(self):
        return round(median(self.days), 1) if self.days else None

    def add(self, asked_at, due_at, answered_at, now):
        self.received += 1
        if answered_at is not None:
            self.answered += 1
            self.on_time += answered_at <= due_at
            self.days.append((answered_at - asked_at).total_seconds() / 86400)
        elif now > due_at:
            self.overdue += 1

    def as_dict(self):
        return {"received": self.received, "answered": self.answered, "answered_on_time": self.on_time,
                "median_days_to_answer": self.median_days, "overdue_now": self.overdue}


@dataclass
class DepartmentFigures:
    total: Figures
    months: dict  # "YYYY-MM" (the month of the question, in the City) -> Figures, newest first


def department_figures(department_id=None, now=None):
    """{department id: DepartmentFigures} of every department with requests (or only ``department_id``)."""
    now = now or utcnow()
    query = (select(AnswerRequestDepartment.department_id, AnswerRequest.asked_at, AnswerRequest.due_at,
                    AnswerRequest.answered_at)
             .join(AnswerRequest, AnswerRequest.id == AnswerRequestDepartment.request_id))
    if department_id is not None:
        query = query.where(AnswerRequestDepartment.department_id == department_id)
    totals, months = defaultdict(Figures), defaultdict(lambda: defaultdict(Figures))
    for dep, asked_at, due_at, answered_at in db.session.execute(query):
        asked_at, due_at, answered_at = as_utc(asked_at), as_utc(due_at), as_utc(answered_at)
        totals[dep].add(asked_at, due_at, answered_at, now)
        months[dep][city_date(asked_at).strftime("%Y-%m")].add(asked_at, due_at, answered_at, now)
    return {dep: DepartmentFigures(totals[dep], dict(sorted(months[dep].items(), reverse=True)))
            for dep in totals}


def city_figures(now=None):
    """Figures of every request, whichever departments answer it (a request counts once)."""
    now = now or utcnow()
    total = Figures()
    for asked_at, due_at, answered_at in db.session.execute(
            select(AnswerRequest.asked_at, AnswerRequest.due_at, AnswerRequest.answered_at)):
        total.add(as_utc(asked_at), as_utc(due_at), as_utc(answered_at), now)
    return total
