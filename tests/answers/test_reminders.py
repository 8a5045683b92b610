"""Reminders to the department's staff a week before and on the due day, sent once each by the daily job."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from participation.answers.jobs import REMINDERS_JOB, send_answer_reminders
from participation.answers.models import AnswerRequest
from participation.core.jobs import Job, enqueue, run_due_jobs
from participation.extensions import db
from participation.notifications.models import Notification


def _reminders(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.kind == "answer_reminder")
                              .order_by(Notification.id)).all()


def _ask(client, item, make_user, login, post):
    login(make_user())
    post(item, "Is the square going to be closed?", asks_answer="y")
    return db.session.scalar(select(AnswerRequest))


def _due_in(request, days):
    """Move the request's deadline to the end of the City's day ``days`` from now."""
    from participation.answers.deadlines import due_at

    db.session.execute(update(AnswerRequest).where(AnswerRequest.id == request.id)
                       .values(due_at=due_at(datetime.now(UTC), days=days)))
    db.session.commit()
    db.session.refresh(request)


def _run_job_twice():
    for _ in range(2):
        enqueue(REMINDERS_JOB)
        db.session.commit()
        done, failed = run_due_jobs(limit=5)
        assert failed == 0


def test_a_week_before_the_staff_are_reminded_once(client, item, department, other_department, make_user, staff_of,
                                                   login, post):
    clerk, elsewhere = staff_of(department), staff_of(other_department)
    request = _ask(client, item, make_user, login, post)
    _due_in(request, 6)
    _run_job_twice()
    assert [n.data["when"] for n in _reminders(clerk)] == ["week"]
    assert _reminders(elsewhere) == []
    db.session.refresh(request)
    assert request.reminded_week_at is not None and request.reminded_day_at is None


def test_on_the_due_day_one_reminder_more(client, item, department, make_user, staff_of, login, post):
    clerk = staff_of(department)
    request = _ask(client, item, make_user, login, post)
    _due_in(request, 6)
    _run_job_twice()
    _due_in(request, 0)
    _run_job_twice()
    assert [n.data["when"] for n in _reminders(clerk)] == ["week", "day"]


def test_an_answered_request_reminds_nobody(client, item, department, make_user, staff_of, login, post):
    clerk = staff_of(department)
    request = _ask(client, item, make_user, login, post)
    _due_in(request, 0)
    request.answered_at = datetime.now(UTC)
    db.session.commit()
    _run_job_twice()
    assert _reminders(clerk) == []


def test_overdue_requests_are_noted_once_and_the_page_says_so(client, item, department, make_user, staff_of, login,
                                                              post):
    staff_of(department)
    request = _ask(client, item, make_user, login, post)
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)  # rendered and kept before it is late
    assert "Answer from the City due by" in page
    db.session.execute(update(AnswerRequest).values(due_at=datetime.now(UTC) - timedelta(days=2),
                                                    reminded_week_at=datetime.now(UTC),
                                                    reminded_day_at=datetime.now(UTC)))
    db.session.commit()
    assert send_answer_reminders() == (0, 0, 1)
    db.session.commit()
    assert send_answer_reminders() == (0, 0, 0)
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Overdue since" in page
    inbox_owner = request  # the inbox marks it too
    assert inbox_owner.is_overdue()


def test_the_job_is_scheduled_daily(app):
    from participation.core.jobs import SCHEDULES, ensure_scheduled

    assert REMINDERS_JOB in SCHEDULES
    ensure_scheduled()
    job = db.session.scalar(select(Job).where(Job.kind == REMINDERS_JOB, Job.done_at.is_(None)))
    assert job is not None


def test_the_hourly_round_marks_a_passed_deadline_without_reminding(client, item, department, make_user, staff_of,
                                                                    login, post):
    from participation.answers.jobs import OVERDUE_JOB

    clerk = staff_of(department)
    _ask(client, item, make_user, login, post)
    assert "Answer from the City due by" in client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    db.session.execute(update(AnswerRequest).values(due_at=datetime.now(UTC) - timedelta(minutes=5)))
    db.session.commit()
    for _ in range(2):
        enqueue(OVERDUE_JOB)
        db.session.commit()
        assert run_due_jobs(limit=5)[1] == 0
    assert "Overdue since" in client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert _reminders(clerk) == []  # reminders wait for the daily round
    assert send_answer_reminders() == (0, 1, 0)  # which says it once, late, and notes nothing twice
    assert [n.data["when"] for n in _reminders(clerk)] == ["day"]


def test_the_overdue_round_runs_every_hour():
    from participation.answers.jobs import OVERDUE_JOB
    from participation.core.jobs import SCHEDULES

    after = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert SCHEDULES[OVERDUE_JOB](after) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_department_staff_choose_how_reminders_reach_them(client, department, make_user, staff_of, login):
    login(staff_of(department))
    assert 'name="answer_reminder"' in client.get("/en/notifications/settings").get_data(as_text=True)
    login(make_user())
    assert 'name="answer_reminder"' not in client.get("/en/notifications/settings").get_data(as_text=True)
