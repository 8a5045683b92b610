"""The sign-in limits hold across workers, for attempts made at the same moment, and for a correct password.

Two worker processes, each with its own ``create_app()`` (as gunicorn runs
them), serve real HTTP on the same database.
"""
import http.client
import multiprocessing
import threading
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from participation import create_app
from participation.accounts.models import SignInAttempt, User
from participation.accounts.passwords import hash_password
from participation.core.models import utcnow
from participation.extensions import db
from tests.conftest import empty_database, make_config, release_database

PASSWORD = "a long enough secret"
WRONG = "wrong password guess"


def _serve(tmp_path, ports):
    """One worker: its own app on the test's database, over HTTP on a free loopback port."""
    app = create_app(make_config(tmp_path, RATELIMIT_ENABLED=True))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    ports.put(server.server_port)
    server.serve_forever()


def _add_anna():
    user = User(display_name="Anna", email="anna@example.org", password_hash=hash_password(PASSWORD),
                email_verified_at=utcnow())
    db.session.add(user)
    db.session.commit()


@pytest.fixture
def database(tmp_path):
    """The test's database, with Anna's account, and an app to read it."""
    app = create_app(make_config(tmp_path, RATELIMIT_ENABLED=True))
    with app.app_context():
        empty_database()
        _add_anna()
        yield app
        release_database()


@pytest.fixture
def workers(database, tmp_path):
    """The ports of two worker processes serving the same database."""
    context = multiprocessing.get_context("spawn")
    ports = context.Queue()
    processes = [context.Process(target=_serve, args=(tmp_path, ports), daemon=True) for _ in range(2)]
    for process in processes:
        process.start()
    try:
        yield [ports.get(timeout=120) for _ in processes]
    finally:
        for process in processes:
            process.terminate()
            process.join(timeout=10)


def sign_in(port, password=WRONG, email="anna@example.org"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/en/login", urlencode({"email": email, "password": password}),
                           {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def failures_recorded():
    db.session.expire_all()
    return db.session.scalar(select(func.count(SignInAttempt.id)).where(SignInAttempt.succeeded.is_(False)))


def test_the_limit_holds_across_workers_and_refuses_a_correct_password(workers):
    first, second = workers
    answers = [sign_in(port)[0] for port in (first, second, first, second, first)]
    assert answers == [400] * 5
    for port in (first, second):
        status, page = sign_in(port, PASSWORD)
        assert status == 429, "a worker that counted fewer failures let a sign-in through"
        assert "Too many failed sign-in attempts" in page
    assert failures_recorded() == 5


def test_simultaneous_wrong_passwords_are_evaluated_five_times_only(workers):
    barrier = threading.Barrier(12)
    statuses = []
    lock = threading.Lock()

    def attack(port):
        barrier.wait()
        status, _ = sign_in(port)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=attack, args=(workers[n % 2],)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [400] * 5 + [429] * 7
    assert failures_recorded() == 5  # the recount: one failed attempt per evaluated password
    assert sign_in(workers[0], PASSWORD)[0] == 429


class Clock:
    """A clock the test moves forward (``ACCOUNT_LIMITS_CLOCK``)."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


def test_the_lock_ends_when_its_window_has_passed(database):
    clock = Clock()
    database.config["ACCOUNT_LIMITS_CLOCK"] = clock
    client = database.test_client()

    def attempt(password=WRONG):
        return client.post("/en/login", data={"email": "anna@example.org", "password": password})

    for _ in range(5):
        assert attempt().status_code == 400
    clock.now += timedelta(minutes=10)
    blocked = attempt(PASSWORD)
    assert blocked.status_code == 429
    assert "Try again in 5 minutes" in blocked.text
    clock.now += timedelta(minutes=4, seconds=50)
    blocked = attempt(PASSWORD)
    assert blocked.status_code == 429
    assert "Try again in 1 minute." in blocked.text
    clock.now += timedelta(seconds=11)  # 15 minutes and one second after the first failure
    assert attempt(PASSWORD).status_code == 302


def test_the_window_slides_instead_of_resetting(database):
    """Five failures within any 15 minutes lock, wherever a fixed window would have started."""
    clock = Clock()
    database.config["ACCOUNT_LIMITS_CLOCK"] = clock
    client = database.test_client()

    def attempt(password=WRONG):
        return client.post("/en/login", data={"email": "anna@example.org", "password": password}).status_code

    for n in range(5):
        clock.now += timedelta(minutes=3 if n else 0)
        assert attempt() == 400
    assert attempt(PASSWORD) == 429  # 12 minutes after the first failure
    clock.now += timedelta(minutes=3, seconds=1)  # the first failure has left the window, the other four have not
    assert attempt() == 400
    assert attempt(PASSWORD) == 429


def test_what_is_stored_names_neither_the_address_nor_the_account(database):
    client = database.test_client()
    client.post("/en/login", data={"email": "anna@example.org", "password": WRONG},
                environ_base={"REMOTE_ADDR": "198.51.100.23"})
    row = db.session.scalar(select(SignInAttempt))
    assert "anna" not in row.account_digest and "198.51" not in row.address_digest
    assert len(row.account_digest) == len(row.address_digest) == 32
