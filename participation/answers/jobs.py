"""The daily round of the City's answers: reminders to the departments' staff, and the pages of overdue ones.

Each open request reminds the staff of its departments twice, once each: a
week before its due day and on that day (in the City's time zone). A request
that became overdue since the last round raises its thread's revision, so the
cached discussion pages show "overdue since" at once.
"""
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.jobs import daily_at, every_hour, register_job, register_schedule
from ..core.models import as_utc, utcnow
from ..discussion.answer_requests import touch_thread
from ..discussion.services import thread_title
from ..extensions import db
from ..notifications.services import notify
from ..programme.staff import DepartmentMember
from .deadlines import city_date
from .models import AnswerRequest

REMINDERS_JOB = "answers.reminders"
OVERDUE_JOB = "answers.overdue"


def _staff_of(department_ids):
    rows = db.session.execute(
        select(DepartmentMember.department_id, DepartmentMember.user_id).where(
            DepartmentMember.department_id.in_(department_ids))).all()
    found = {}
    for department_id, user_id in rows:
        found.setdefault(user_id, department_id)
    return found


def _remind(request, when):
    from ..accounts.models import User
    from ..programme.models import Department

    department_ids = [link.department_id for link in request.departments]
    staff = _staff_of(department_ids)
    if not staff:
        return 0
    thread_target = request.comment if request.comment_id else request.proposal
    title = thread_title(request.comment.thread) if request.comment_id else thread_target.title
    slugs = {d.id: d.slug for d in db.session.scalars(select(Department).where(Department.id.in_(department_ids)))}
    for user in db.session.scalars(select(User).where(User.id.in_(staff), User.deleted_at.is_(None))):
        notify(user, "answer_reminder", when=when, title=title, request_id=request.id,
               comment_id=request.comment_id, proposal_id=request.proposal_id,
               department_slug=slugs.get(staff[user.id]), due_at=as_utc(request.due_at).isoformat())
    return len(staff)


def note_overdue(now=None):
    """Note the open requests whose deadline passed: their threads' revision rises, so cached pages
    show "overdue since" at once. Returns how many. Flushes only."""
    now = now or utcnow()
    overdue = db.session.scalars(
        select(AnswerRequest).where(AnswerRequest.answered_at.is_(None), AnswerRequest.overdue_noted_at.is_(None),
                                    AnswerRequest.due_at < now).order_by(AnswerRequest.id)).all()
    for request in overdue:
        request.overdue_noted_at = now
        touch_thread(request.thread_id)
    db.session.flush()
    return len(overdue)


def send_answer_reminders(now=None):
    """Remind once a week before and once on the due day; note the requests that became overdue.

    A request whose day passed without its reminder (the round did not run) is reminded once, late.
    Returns ``(week reminders, day reminders, newly overdue)`` in requests. Flushes only."""
    now = now or utcnow()
    today = city_date(now)
    week = day = 0
    overdue = note_overdue(now)
    open_requests = db.session.scalars(
        select(AnswerRequest).where(AnswerRequest.answered_at.is_(None), AnswerRequest.reminded_day_at.is_(None),
                                    AnswerRequest.due_at <= now + timedelta(days=8))
        .options(selectinload(AnswerRequest.departments)).order_by(AnswerRequest.id)).all()
    for request in open_requests:
        due_day = city_date(request.due_at)
        if today >= due_day:
            request.reminded_day_at = now
            request.reminded_week_at = request.reminded_week_at or now
            _remind(request, "day")
            day += 1
        elif today >= due_day - timedelta(days=7) and request.reminded_week_at is None:
            request.reminded_week_at = now
            _remind(request, "week")
            week += 1
    db.session.flush()
    return week, day, overdue


def _run_reminders():
    send_answer_reminders()


def _run_overdue():
    note_overdue()


register_job(REMINDERS_JOB, _run_reminders)
register_schedule(REMINDERS_JOB, daily_at("ANSWER_REMINDER_HOUR"))
# Between two daily rounds, pages learn within the hour that a deadline passed.
register_job(OVERDUE_JOB, _run_overdue)
register_schedule(OVERDUE_JOB, every_hour)
