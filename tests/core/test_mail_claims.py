"""Each queued message is delivered once, whatever senders run at the same time.

Senders are released at the same moment (a barrier) against a local SMTP
sink: threads calling ``send_pending``, ``flask mail send`` in separate
processes, and the end of requests in several workers. Afterwards the sink
holds every message exactly once and the outbox marks each one sent.
"""
import multiprocessing
import threading
from collections import Counter
from datetime import timedelta

import pytest
from flask import Blueprint
from sqlalchemy import select

from participation import create_app
from participation.core.mail import OutboxMessage, queue_mail, send_pending
from participation.core.models import utcnow
from participation.extensions import db
from tests.conftest import empty_database, make_config, release_database
from tests.mail_helpers import SMTPSink


def _smtp_config(tmp_path, port, **overrides):
    return make_config(tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_TIMEOUT=10,
                       **overrides)


@pytest.fixture
def sink():
    with SMTPSink(delay=0.005) as running:
        yield running


@pytest.fixture
def smtp_app(tmp_path, sink):
    """An app delivering to ``sink``, on a fresh database; ``smtp_app.extra`` for other settings."""
    apps = []

    def build(**overrides):
        app = create_app(_smtp_config(tmp_path, sink.port, **overrides))
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            release_database()


def _queue(count, prefix="Message"):
    for n in range(count):
        queue_mail(f"person{n}@example.org", f"{prefix} {n}", f"Body {n}")
    db.session.commit()
    return [f"{prefix} {n}" for n in range(count)]


def _outbox_state():
    rows = db.session.execute(select(OutboxMessage.sent_at, OutboxMessage.claim_token)).all()
    return {"unsent": sum(1 for sent_at, _ in rows if sent_at is None),
            "still claimed": sum(1 for _, token in rows if token is not None)}


def _run_at_once(app, workers, job):
    """Run ``job()`` in ``workers`` threads, each in its own app context, released together."""
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def work():
        with app.app_context():
            barrier.wait()
            try:
                results.append(job())
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_overlapping_senders_deliver_each_message_once(smtp_app, sink):
    app = smtp_app()
    with app.app_context():
        empty_database()
        expected = _queue(70)
    results = _run_at_once(app, 4, send_pending)
    assert Counter(sink.subjects()) == Counter(expected)  # each one, once
    assert sum(sent for sent, _failed in results) == 70
    assert sum(failed for _sent, failed in results) == 0
    with app.app_context():
        assert _outbox_state() == {"unsent": 0, "still claimed": 0}
        assert send_pending() == (0, 0)
    assert len(sink.received) == 70


def _mail_send_in_a_process(tmp_path, port, barrier, outputs):
    app = create_app(_smtp_config(tmp_path, port))
    runner = app.test_cli_runner()
    barrier.wait()
    result = runner.invoke(args=["mail", "send"])
    outputs.put((result.exit_code, result.output))


def test_three_flask_mail_send_processes_at_once_deliver_each_message_once(smtp_app, sink, tmp_path):
    app = smtp_app()
    with app.app_context():
        empty_database()
        expected = _queue(60)
        db.session.remove()
        db.engine.dispose()  # no connection of this process is shared with the children
    context = multiprocessing.get_context("spawn")
    barrier, outputs = context.Barrier(3), context.Queue()
    processes = [context.Process(target=_mail_send_in_a_process, args=(tmp_path, sink.port, barrier, outputs))
                 for _ in range(3)]
    for process in processes:
        process.start()
    results = [outputs.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert [code for code, _output in results] == [0, 0, 0], results
    sent = sum(int(output.strip().splitlines()[-1].split()[0]) for _code, output in results)
    assert sent == 60, results
    assert Counter(sink.subjects()) == Counter(expected)
    with app.app_context():
        assert _outbox_state() == {"unsent": 0, "still claimed": 0}


def test_sending_at_the_end_of_requests_in_several_workers_delivers_each_message_once(smtp_app, sink):
    app = smtp_app(MAIL_SEND_AFTER_REQUEST=True)
    queueing = Blueprint("queueing", __name__)

    @queueing.post("/queue-one/<int:n>")
    def queue_one(n):
        queue_mail(f"visitor{n}@example.org", f"Request {n}", "Body")
        db.session.commit()
        return "queued"

    app.register_blueprint(queueing)
    with app.app_context():
        empty_database()
        expected = _queue(50)
    counter = iter(range(1000))
    lock = threading.Lock()

    def request_or_run():
        with lock:
            n = next(counter)
        if n % 3 == 2:
            return send_pending()  # a `flask mail send` from the timer at the same moment
        response = app.test_client().post(f"/queue-one/{n}")
        assert response.status_code == 200
        return n

    results = _run_at_once(app, 6, request_or_run)
    expected += [f"Request {n}" for n in results if isinstance(n, int)]
    with app.app_context():
        send_pending()  # what the requests left for the timer
        assert _outbox_state() == {"unsent": 0, "still claimed": 0}
    assert Counter(sink.subjects()) == Counter(expected)


def test_a_claim_older_than_the_timeout_is_taken_over(smtp_app, sink):
    app = smtp_app(MAIL_CLAIM_TIMEOUT=600)
    with app.app_context():
        empty_database()
        _queue(2)
        dead, alive = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        dead.claim_token, dead.claimed_at = "a" * 32, utcnow() - timedelta(seconds=601)  # its sender died
        alive.claim_token, alive.claimed_at = "b" * 32, utcnow() - timedelta(seconds=30)  # still sending
        db.session.commit()
        assert send_pending() == (1, 0)
        assert sink.subjects() == ["Message 0"]
        db.session.expire_all()
        assert dead.sent_at is not None and dead.claim_token is None
        assert alive.sent_at is None and alive.claim_token == "b" * 32


def test_a_slow_sender_keeps_its_claim_while_it_works(tmp_path):
    """A batch that takes longer than the timeout to send is renewed, not taken over."""
    with SMTPSink(delay=0.5) as slow:
        app = create_app(_smtp_config(tmp_path, slow.port, MAIL_CLAIM_TIMEOUT=3))
        with app.app_context():
            empty_database()
            expected = _queue(10)
        results = {}
        first_claimed = threading.Event()

        def first():
            with app.app_context():
                first_claimed.set()
                results["first"] = send_pending()
                db.session.remove()

        thread = threading.Thread(target=first)
        thread.start()
        first_claimed.wait()
        threading.Event().wait(3.5)  # the first sender's batch is older than the timeout by now
        with app.app_context():
            results["second"] = send_pending()
            thread.join(timeout=60)
            assert _outbox_state() == {"unsent": 0, "still claimed": 0}
            release_database()
        assert Counter(slow.subjects()) == Counter(expected)
    assert results == {"first": (10, 0), "second": (0, 0)}
