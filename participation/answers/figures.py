"""How each department answers, in figures anyone may read: no names, no texts, only counts and days."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC
from statistics import median

from sqlalchemy import case, func, select, true

from ..core.models import utcnow
from ..extensions import db
from .deadlines import city_zone
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


def _comparable(now, sample):
    """``now`` in the form the database returns its moments in (naive UTC on SQLite, aware on PostgreSQL),
    so that every row is compared and subtracted as it comes, without converting each."""
    return now.astimezone(UTC).replace(tzinfo=None) if sample.tzinfo is None else now


# The figures last computed in this process, for each question asked of them, with the state of the
# requests they were computed from (``_state``): read again only when that state changes.
_computed = {}


def _moments(column):
    """The sum of ``column``'s moments as a number (days or seconds): it changes when any of them does."""
    if db.engine.dialect.name == "sqlite":
        return func.sum(func.julianday(column))
    return func.sum(func.extract("epoch", column))


def _state(now):
    """What the figures depend on, in one aggregate query: which requests exist, when each was asked, is
    due and was answered, which departments they went to, and how many are overdue at ``now``."""
    request, pair = AnswerRequest, AnswerRequestDepartment
    overdue = request.answered_at.is_(None) & (request.due_at < now)
    requests = select(
        func.count().label("n"), func.sum(request.id).label("ids"),
        func.sum(case((request.answered_at.is_not(None), request.id), else_=0)).label("answered"),
        _moments(request.asked_at).label("asked"), _moments(request.due_at).label("due"),
        _moments(request.answered_at).label("answered_at"), func.sum(case((overdue, 1), else_=0)).label("overdue"),
    ).subquery()
    departments = select(
        func.count().label("pairs"), func.sum(pair.department_id).label("departments"),
        func.sum(pair.request_id * pair.department_id).label("weighted"),
    ).subquery()
    row = db.session.connection().execute(
        select(requests, departments).select_from(requests.join(departments, true()))).one()
    return (db.engine.url.render_as_string(), *row)


def _kept(key, now, compute, state=None):
    state = state or _state(now)
    kept = _computed.get(key)
    if kept is not None and kept[0] == state:
        return kept[1]
    result = compute()
    _computed[key] = (state, result)
    return result


def department_figures(department_id=None, now=None):
    """{department id: DepartmentFigures} of every department with requests (or only ``department_id``)."""
    now = now or utcnow()
    return _kept(("departments", department_id), now, lambda: _department_figures(department_id, now))


def city_figures(now=None):
    """Figures of every request, whichever departments answer it (a request counts once)."""
    now = now or utcnow()
    return _kept(("city",), now, lambda: _city_figures(now))


def overview_figures(now=None):
    """``(department_figures(), city_figures())``, with the state of the requests read once."""
    now = now or utcnow()
    state = _state(now)
    return (_kept(("departments", None), now, lambda: _department_figures(None, now), state),
            _kept(("city",), now, lambda: _city_figures(now), state))


def _department_figures(department_id, now):
    """One pass over plain rows: the City's month of each question is found with the zone read once."""
    query = (select(AnswerRequestDepartment.department_id, AnswerRequest.asked_at, AnswerRequest.due_at,
                    AnswerRequest.answered_at)
             .join(AnswerRequest, AnswerRequest.id == AnswerRequestDepartment.request_id))
    if department_id is not None:
        query = query.where(AnswerRequestDepartment.department_id == department_id)
    rows = db.session.connection().execute(query).all()
    totals, months = defaultdict(Figures), defaultdict(lambda: defaultdict(Figures))
    if rows:
        zone, moment = city_zone(), _comparable(now, rows[0][1])
        naive = rows[0][1].tzinfo is None
        for dep, asked_at, due_at, answered_at in rows:
            local = (asked_at.replace(tzinfo=UTC) if naive else asked_at).astimezone(zone)
            totals[dep].add(asked_at, due_at, answered_at, moment)
            months[dep][f"{local.year:04d}-{local.month:02d}"].add(asked_at, due_at, answered_at, moment)
    return {dep: DepartmentFigures(totals[dep], dict(sorted(months[dep].items(), reverse=True)))
            for dep in totals}


def _city_figures(now):
    total = Figures()
    rows = db.session.connection().execute(
        select(AnswerRequest.asked_at, AnswerRequest.due_at, AnswerRequest.answered_at)).all()
    if rows:
        moment = _comparable(now, rows[0][0])
        for asked_at, due_at, answered_at in rows:
            total.add(asked_at, due_at, answered_at, moment)
    return total
