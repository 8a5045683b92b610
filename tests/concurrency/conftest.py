"""Requests released at the same moment, each thread with its own test client, on a shared real database.

``at_once(...)`` sends every request in its own thread; a ``threading.Barrier``
lets them go together. Outcomes are asserted as exact counts (one winner,
counters equal to a recount, one audit entry per state change), never as
timings: whether the requests truly overlap or run one after the other,
the rules under test give the same result.
"""
import threading
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.notifications.models import Notification
from tests.participation_fixtures import *  # noqa: F401,F403

THREADS = 10


@dataclass
class Sent:
    """One request to send: who (None: a visitor), the method, the path and the form."""

    user_id: str | None
    path: str
    data: dict | None = None
    method: str = "POST"
    follow_redirects: bool = False  # to read the message the next page shows


@dataclass
class Answer:
    status: int
    location: str
    text: str


def as_user(user, path, data=None, method="POST", follow_redirects=False):
    """A request of ``user`` (signed in the way the ``login`` fixture does, without a password)."""
    return Sent(user.get_id() if user is not None else None, path, data, method, follow_redirects)


def _answer(client, request):
    response = client.open(request.path, method=request.method, data=request.data or {},
                           follow_redirects=request.follow_redirects)
    return Answer(response.status_code, response.headers.get("Location", ""), response.get_data(as_text=True))


def _signed_in_client(app, user_id):
    client = app.test_client()
    if user_id is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    return client


@pytest.fixture
def item(app):
    """One programme item in one area (the bundled programme is not needed for races, and slower to import)."""
    from participation.programme.models import Area, ItemArea, ProgrammeItem

    area = Area(number=1, title="Una città che cresce", intro=[])
    item = ProgrammeItem(slug="polo-alta-formazione", primary_area=area, position=1, point="1.1",
                         title="Polo dell'alta formazione", objective="Attrarre studenti.")
    db.session.add_all([area, item, ItemArea(item=item, area=area, area_number=1, sort_key=1)])
    db.session.commit()
    return item


@pytest.fixture
def staff(make_user):
    """The people who hear of every hidden contribution: two moderators and an administrator."""
    return [make_user(role="moderator", name="Moderator A"), make_user(role="moderator", name="Moderator B"),
            make_user(role="administrator", name="Administrator")]


@pytest.fixture
def comment(item, make_user):
    """A published comment "in favour" on ``item``, by its own author."""
    from participation.discussion.services import ensure_item_thread, post_comment

    author = make_user(name="Comment author")
    comment, _ = post_comment(author, ensure_item_thread(item.id), "A remark to report", "it", position="for")
    db.session.commit()
    return comment


@pytest.fixture
def at_once(app):
    """``at_once([as_user(user, path, data), ...])`` sends the requests together; returns their Answers."""
    if ":memory:" in str(db.engine.url):
        pytest.skip("needs a database that several connections share")

    def send_all(requests):
        clients = [_signed_in_client(app, request.user_id) for request in requests]
        db.session.commit()  # the test's own session holds no snapshot or lock during the race
        barrier = threading.Barrier(len(requests))
        answers, failures = [None] * len(requests), []

        def run(index):
            request, client = requests[index], clients[index]
            try:
                barrier.wait(timeout=30)
                answers[index] = _answer(client, request)
            except BaseException as error:  # reported in the test's thread
                failures.append(error)

        threads = [threading.Thread(target=run, args=(index,)) for index in range(len(requests))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads), "a request never finished"
        if failures:
            raise failures[0]
        db.session.rollback()
        db.session.expire_all()
        return answers

    return send_all


@pytest.fixture
def send(app):
    """``send(as_user(user, path, data))``: one request on its own, to prepare a race; returns its Answer."""

    def send_one(request):
        answer = _answer(_signed_in_client(app, request.user_id), request)
        db.session.expire_all()
        return answer

    return send_one


@pytest.fixture
def audit_count():
    """``audit_count("auto_hide", target_type, target_id)``: how many audit entries record that change."""

    def count(action, target_type=None, target_id=None):
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        if target_type is not None:
            query = query.where(AuditEntry.target_type == target_type)
        if target_id is not None:
            query = query.where(AuditEntry.target_id == target_id)
        return db.session.scalar(query)

    return count


@pytest.fixture
def notifications_of():
    """``notifications_of(user, kind)``: the notifications ``user`` received of that kind, oldest first."""

    def find(user, kind):
        return db.session.scalars(
            select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
            .order_by(Notification.id)
        ).all()

    return find


@pytest.fixture
def emails_to():
    """``emails_to(user)``: how many messages the outbox holds for ``user``'s address."""
    from participation.core.mail import OutboxMessage

    def count(user):
        return db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.recipient_email == user.email)
        )

    return count


@pytest.fixture
def counters_match_recount():
    """Assert that every vote, support and comment counter equals a recount from the rows."""
    from participation.votes.services import recount_all

    def check():
        drift = recount_all()
        db.session.rollback()
        assert drift == []

    return check
