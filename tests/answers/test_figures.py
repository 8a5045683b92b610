"""The public figures of each department equal a recount of the raw requests, and show no personal data."""
import statistics
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from participation.answers.figures import city_figures, department_figures
from participation.answers.models import AnswerRequest, AnswerRequestDepartment
from participation.core.models import as_utc
from participation.discussion import services as discussion
from participation.extensions import db

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def _make_requests(item, department, make_user):
    """Twelve questions over three months: answered on time, answered late, open, overdue."""
    thread = discussion.ensure_item_thread(item.id)
    author = make_user(name="Asker Person")
    start = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
    for n in range(12):
        comment, _ = discussion.post_comment(author, thread, f"Question number {n}", "it",
                                             now=start + timedelta(days=n * 7, seconds=n))
        asked = start + timedelta(days=n * 7)
        request = AnswerRequest(comment_id=comment.id, thread_id=thread.id, item_id=item.id, reason="resident",
                                asked_at=asked, due_at=asked + timedelta(days=30))
        request.departments = [AnswerRequestDepartment(department_id=department.id)]
        if n % 3 == 0:
            request.answered_at = asked + timedelta(days=5 + n)
        elif n % 3 == 1:
            request.answered_at = asked + timedelta(days=40)
        db.session.add(request)
    db.session.commit()


def _recount(department_id):
    rows = db.session.execute(
        select(AnswerRequest.asked_at, AnswerRequest.due_at, AnswerRequest.answered_at)
        .join(AnswerRequestDepartment, AnswerRequestDepartment.request_id == AnswerRequest.id)
        .where(AnswerRequestDepartment.department_id == department_id)).all()
    rows = [tuple(as_utc(v) for v in row) for row in rows]
    answered = [r for r in rows if r[2] is not None]
    days = [(r[2] - r[0]).total_seconds() / 86400 for r in answered]
    return {"received": len(rows), "answered": len(answered),
            "answered_on_time": sum(r[2] <= r[1] for r in answered),
            "median_days_to_answer": round(statistics.median(days), 1) if days else None,
            "overdue_now": sum(r[2] is None and NOW > r[1] for r in rows)}


def test_the_figures_equal_a_recount(app, item, department, make_user):
    _make_requests(item, department, make_user)
    figures = department_figures(now=NOW)[department.id]
    assert figures.total.as_dict() == _recount(department.id)
    assert figures.total.received == 12 and figures.total.answered == 8
    assert sum(month.received for month in figures.months.values()) == 12
    assert list(figures.months) == sorted(figures.months, reverse=True)
    assert city_figures(now=NOW).as_dict() == _recount(department.id)


def test_the_public_pages_show_the_figures_without_names(client, item, department, make_user):
    _make_requests(item, department, make_user)
    for path in ("/en/answers", f"/en/departments/{department.slug}/answers", f"/en/departments/{department.slug}"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert "Questions received" in html and "Asker Person" not in html and "Question number" not in html
    assert "/en/answers" in client.get("/en/").get_data(as_text=True)
    api = client.get("/api/v1/answers").get_json()
    entry = next(d for d in api["departments"] if d["slug"] == department.slug)
    assert entry["figures"]["received"] == 12
    assert sum(month["received"] for month in entry["months"].values()) == 12


def test_the_kept_figures_follow_every_change_of_the_requests(app, item, department, make_user):
    """The figures are computed again whenever what they count changes, and only then."""
    from participation.answers.figures import overview_figures
    from participation.programme.models import Department

    _make_requests(item, department, make_user)

    def current(now=NOW):
        by_department, city = overview_figures(now=now)
        assert city.as_dict() == department_figures(now=now)[department.id].total.as_dict()
        return by_department[department.id].total.as_dict()

    assert current() == _recount(department.id)
    kept = overview_figures(now=NOW)[0]
    assert overview_figures(now=NOW)[0] is kept  # nothing changed: not computed again
    waiting = db.session.scalars(select(AnswerRequest).where(AnswerRequest.answered_at.is_(None))
                                 .order_by(AnswerRequest.id)).all()
    waiting[0].answered_at = waiting[0].due_at - timedelta(days=1)  # answered
    db.session.commit()
    assert current() == _recount(department.id) and current()["answered"] == 9
    waiting[0].answered_at = waiting[0].due_at + timedelta(days=1)  # the same request, its answer moved
    db.session.commit()
    assert current() == _recount(department.id)
    waiting[1].asked_at -= timedelta(days=1)  # a question of an earlier day: its month may change
    db.session.commit()
    assert department_figures(now=NOW)[department.id].total.as_dict() == _recount(department.id)
    later = max(r.due_at for r in waiting[1:])  # time passes the last deadline: more are overdue
    assert current(as_utc(later) + timedelta(days=1))["overdue_now"] == len(waiting) - 1
    other = Department(name="Another office", slug="another-office")
    db.session.add(other)
    db.session.flush()
    waiting[2].departments.append(AnswerRequestDepartment(department_id=other.id, position=1))
    db.session.commit()
    assert overview_figures(now=NOW)[0][other.id].total.received == 1
