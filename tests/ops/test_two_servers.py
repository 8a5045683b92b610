"""Two app servers and two background workers on one PostgreSQL and one Redis, as in production.

Two gunicorn servers (production config, one worker process each, so that
each server's in-process cache is the one read) and two ``flask jobs work``
workers share a database of their own on the PostgreSQL server of the test
run, built with ``flask db upgrade`` and ``flask programme import``, and a
private Redis for Flask-Limiter. People are driven through the real pages
with the standard library's HTTP client, one cookie jar each, and the
workers deliver mail to a local SMTP sink. The test shows that:

1. a session made on server A works on server B;
2. failed sign-ins alternated between A and B reach the limit at the total
   of ``accounts/throttle.py``, as on one server, and the per-route limits of
   Flask-Limiter are counted in Redis for both servers;
3. a comment posted on A is shown at once on B, to visitors and to signed-in
   residents who had loaded the page before it was posted;
4. every queued message reaches the SMTP sink exactly once.

It runs in the PostgreSQL pass of ``make test`` (``TEST_DATABASE_URL``).
Everything it starts is stopped, and its database dropped, at the end.
"""
import fcntl
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import ExitStack, contextmanager
from html.parser import HTMLParser
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from participation import create_app
from participation.accounts import throttle
from participation.accounts.models import Role, User
from participation.accounts.passwords import hash_password
from participation.accounts.sign_in_views import MAIL_LIMIT
from participation.config import ProductionConfig
from participation.core.jobs import Job
from participation.core.mail import OutboxMessage
from participation.core.models import utcnow
from participation.discussion.models import Thread
from participation.extensions import db
from participation.notifications import services as notifications
from participation.programme.models import ProgrammeItem
from tests.conftest import make_config
from tests.mail_helpers import SMTPSink
from tests.pgserver import free_port
from tests.redisserver import redis_server, redis_server_path

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
HTTP_TIMEOUT = 60  # seconds for one request: the machine may be busy
READY_TIMEOUT = 120  # seconds for servers to answer /healthz and for workers to empty the queues
PASSWORD = "two servers share one database"
# Only one run of this test at a time on a machine: it starts six processes.
LOCK_FILE = Path(tempfile.gettempdir()) / "partecipa-test-two-servers.lock"

pytestmark = [
    pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"),
                       reason="two app servers share one PostgreSQL database: runs in the PostgreSQL pass "
                              "(TEST_DATABASE_URL=postgresql+psycopg://...)"),
    pytest.mark.xdist_group("two_servers"),
]


# --- one person's browser ---------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page and the values a browser would send for them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields, name = self._form["fields"], attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "reset", "image", "file"):
                fields[name] = attrs.get("value") or ("y" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if self._select not in fields or "selected" in attrs:
                fields[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


class Page:
    def __init__(self, status, headers, text):
        self.status, self.headers, self.text = status, headers, text

    def form(self, action_pattern):
        """``(action, fields)`` of the first form whose action matches ``action_pattern``."""
        parser = _Forms()
        parser.feed(self.text)
        for form in parser.forms:
            if re.search(action_pattern, form["action"]):
                return form["action"], dict(form["fields"])
        raise AssertionError(f"no form with an action matching {action_pattern!r} on the page")


class _DoNotFollowRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person: a cookie jar of their own, used with either server (both are on 127.0.0.1).

    The production session cookie is ``Secure``; the servers are reached over
    plain HTTP on loopback (a proxy terminates TLS in production), so the jar
    sends secure cookies over ``http`` too.
    """

    def __init__(self):
        jar = CookieJar(DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _DoNotFollowRedirects)

    def get(self, server, path):
        return self._open(urllib.request.Request(server + path))

    def post(self, server, path, fields):
        return self._open(urllib.request.Request(server + path, data=urlencode(fields).encode()))

    def _open(self, request):
        try:
            with self._opener.open(request, timeout=HTTP_TIMEOUT) as response:
                return Page(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Page(error.code, error.headers, error.read().decode())

    def submit(self, page_server, page_path, action_pattern, post_server=None, **values):
        """Load the page from ``page_server``, fill in its form and send it to ``post_server`` (the same one by
        default: a balancer without sticky sessions may send them to different servers)."""
        page = self.get(page_server, page_path)
        assert page.status == 200, (page_path, page.status)
        action, fields = page.form(action_pattern)
        fields.update(values)
        return self.post(post_server or page_server, action or page_path, fields)

    def sign_in(self, server, email, password=PASSWORD):
        return self.submit(server, "/en/login", r"/login", email=email, password=password)


# --- the processes ------------------------------------------------------------------


class Process:
    def __init__(self, name, argv, env, log_dir):
        self.name, self.log = name, log_dir / f"{name}.log"
        with open(self.log, "w") as log:
            self.popen = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def alive(self):
        return self.popen.poll() is None

    def log_tail(self, lines=40):
        return f"--- {self.name} ---\n" + "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.alive():
            self.popen.terminate()  # gunicorn and the worker finish what they are doing, then stop
            try:
                self.popen.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=30)


def wait_until(condition, what, processes):
    """``condition()``'s first true value, checked until READY_TIMEOUT; fails early when a process died."""
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        value = condition()
        if value:
            return value
        for process in processes:
            assert process.alive(), f"{process.name} stopped while waiting for {what}\n{process.log_tail()}"
        assert time.monotonic() < deadline, f"still waiting for {what}\n" + "\n".join(p.log_tail() for p in processes)
        time.sleep(0.2)


def _answers_healthz(url):
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def fresh_database():
    """A new database on the test run's PostgreSQL server; dropped afterwards."""
    base = make_url(DATABASE_URL)
    name = f"partecipa_two_servers_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def only_run_on_this_machine():
    with open(LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Site:
    """Servers A and B, the workers, the SMTP sink, Redis and the database they share."""

    def __init__(self, stack, tmp_path):
        if redis_server_path() is None:
            pytest.fail("redis-server is missing: run `make test` (scripts/system-packages.sh installs it).")
        self.database_url = stack.enter_context(fresh_database())
        self.redis_url = stack.enter_context(redis_server())
        self.sink = stack.enter_context(SMTPSink())
        ports = free_port(), free_port()
        while ports[1] == ports[0]:
            ports = ports[0], free_port()
        self.a, self.b = (f"http://127.0.0.1:{port}" for port in ports)
        self.env = {key: value for key, value in os.environ.items() if not key.startswith(("GUNICORN_", "FLASK_"))}
        self.env.update(
            PARTICIPATION_ENV="production", DATABASE_URL=self.database_url, SECRET_KEY=secrets.token_hex(32),
            BASE_URL=self.a, RATELIMIT_STORAGE_URI=self.redis_url, FLASK_APP="wsgi.py", WEB_CONCURRENCY="1",
            MAIL_SERVER="127.0.0.1", MAIL_PORT=str(self.sink.port), MAIL_USE_TLS="0",
        )
        self.logs = tmp_path / "logs"
        self.logs.mkdir()
        self.tmp_path = tmp_path
        self.processes = []
        self._flask("db", "upgrade")
        self._flask("programme", "import")
        self.app = create_app(make_config(
            tmp_path, SQLALCHEMY_DATABASE_URI=self.database_url, ARGON2_TIME_COST=ProductionConfig.ARGON2_TIME_COST,
            ARGON2_MEMORY_COST=ProductionConfig.ARGON2_MEMORY_COST,
            ARGON2_PARALLELISM=ProductionConfig.ARGON2_PARALLELISM))
        stack.callback(self._dispose_engine)
        stack.callback(self.stop_all)
        for name, url in (("server-a", self.a), ("server-b", self.b)):
            self._start(name, [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
                        PORT=url.rsplit(":", 1)[1], INSTANCE_PATH=str(tmp_path / name))
        self.workers = [self._start(name, [sys.executable, "-m", "flask", "jobs", "work", "--idle", "0.2",
                                           "--name", name], INSTANCE_PATH=str(tmp_path / name))
                        for name in ("worker-1", "worker-2")]
        for url in (self.a, self.b):
            wait_until(lambda url=url: _answers_healthz(url), f"{url}/healthz", self.processes)

    def _flask(self, *args):
        result = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, capture_output=True, text=True,
                                env=dict(self.env, INSTANCE_PATH=str(self.tmp_path / "cli")), timeout=300)
        assert result.returncode == 0, f"flask {' '.join(args)}:\n{result.stdout}\n{result.stderr}"

    def _start(self, name, argv, **env):
        process = Process(name, argv, dict(self.env, **env), self.logs)
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in self.processes:
            process.stop()

    def _dispose_engine(self):
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    @contextmanager
    def database(self):
        """The shared database, from the test: one transaction, committed and closed at the end."""
        with self.app.app_context():
            try:
                yield db.session
                db.session.commit()
            finally:
                db.session.remove()

    def add_residents(self, *people, verified=True, password=False):
        """Verified (or not) residents named ``people``; address ``<name>@example.org``; language English."""
        password_hash = None
        with self.database() as session:
            if password:
                password_hash = hash_password(PASSWORD)  # the servers' own Argon2 parameters
            for name in people:
                session.add(User(display_name=name, email=email_of(name), role=Role.RESIDENT, language="en",
                                 email_verified_at=utcnow() if verified else None, terms_accepted_at=utcnow(),
                                 password_hash=password_hash))

    def queues_are_empty(self):
        with self.database() as session:
            jobs = session.scalar(select(func.count()).select_from(Job).where(  # the evening's digest waits
                Job.done_at.is_(None), Job.run_after <= utcnow()))
            unsent = session.scalar(select(func.count()).select_from(OutboxMessage)
                                    .where(OutboxMessage.sent_at.is_(None)))
            return jobs == 0 and unsent == 0


def email_of(name):
    return f"{name.lower().replace(' ', '.')}@example.org"


# --- the test -------------------------------------------------------------------------


def test_two_servers_share_sessions_limits_pages_and_mail(tmp_path):
    with only_run_on_this_machine(), ExitStack() as stack:
        site = Site(stack, tmp_path)
        a, b = site.a, site.b
        site.add_residents("Poster One", "Poster Two", "Reader", "Target", password=True)
        followers = [f"Follower {n}" for n in range(1, 6)]
        forgetful = [f"Forgetful {n}" for n in range(1, 7)]
        site.add_residents(*followers, *forgetful)
        mail_limit = int(MAIL_LIMIT.split()[0])
        unverified = [f"Unverified {n}" for n in range(1, mail_limit + 2)]
        site.add_residents(*unverified, verified=False)

        # 1. A session made on A is the session on B.
        poster = Browser()
        signed_in = poster.sign_in(a, email_of("Poster One"))
        assert signed_in.status == 302, signed_in.text
        account = poster.get(b, "/en/account")
        assert account.status == 200 and email_of("Poster One") in account.text
        assert Browser().get(b, "/en/account").status == 302  # not signed in: sent to the sign-in page

        # 2. Failed sign-ins counted across both servers: the limit is reached at the same total as on one.
        attacker = Browser()
        statuses = [attacker.sign_in((a, b)[n % 2], email_of("Target"), password="not the password").status
                    for n in range(throttle.PER_ADDRESS_AND_ACCOUNT + 1)]
        assert statuses == [400] * throttle.PER_ADDRESS_AND_ACCOUNT + [429]
        blocked = attacker.sign_in(a, email_of("Target"))  # even the right password waits now
        assert blocked.status == 429 and "Too many failed sign-in attempts" in blocked.text

        # ... and Flask-Limiter's per-route limit ("10 per hour" for mail links) is one count in Redis.
        visitor = Browser()
        statuses = [visitor.submit((b, a)[n % 2], "/en/verify/resend", r"/verify/resend", post_server=(a, b)[n % 2],
                                   email=email_of(name)).status for n, name in enumerate(unverified)]
        assert statuses == [302] * mail_limit + [429]
        keys = [key.decode() for key in redis.Redis.from_url(site.redis_url).keys("*")]
        assert any("accounts.resend_verification" in key for key in keys), keys
        for n, name in enumerate(forgetful):  # below that route's own limit
            sent = visitor.submit((b, a)[n % 2], "/en/password/forgot", r"/password/forgot", post_server=(a, b)[n % 2],
                                  email=email_of(name))
            assert sent.status == 302, sent.text

        # 3. A comment posted on A is on B at once, for visitors and for signed-in residents.
        with site.database() as session:
            item_id, slug = session.execute(select(ProgrammeItem.id, ProgrammeItem.slug)
                                            .order_by(ProgrammeItem.id).limit(1)).one()
        item_page = f"/en/items/{slug}"
        comment_form = r"/discussions/item/\d+/comments$"
        first, second = (f"{words} {secrets.token_hex(6)}" for words in ("First comment", "Second comment"))
        posted = poster.submit(a, item_page, comment_form, body=first)
        assert posted.status == 302, posted.text
        # Followers who want an email at once for every comment, from now on (after the first comment's job).
        wait_until(site.queues_are_empty, "the first comment's job", site.processes)
        with site.database() as session:
            thread = session.scalar(select(Thread).where(Thread.programme_item_id == item_id))
            for name in followers:
                follower = session.scalar(select(User).where(User.email == email_of(name)))
                notifications.follow_thread(follower, thread)
                notifications.set_email_mode(follower, "followed_comment", "immediate")
        guest, reader, second_poster = Browser(), Browser(), Browser()
        assert reader.sign_in(b, email_of("Reader")).status == 302
        for person in (guest, guest, reader, reader):  # B renders the page before the post (and may keep it)
            before = person.get(b, item_page)
            assert before.status == 200 and first in before.text and second not in before.text
        assert second_poster.sign_in(a, email_of("Poster Two")).status == 302
        posted = second_poster.submit(a, item_page, comment_form, body=second)
        assert posted.status == 302, posted.text
        for who, person in (("a visitor", guest), ("a signed-in resident", reader)):
            after = person.get(b, item_page)
            assert after.status == 200 and second in after.text, f"server B shows {who} a stale page"

        # 4. Every queued message is delivered once, with two workers at work.
        wait_until(site.queues_are_empty, "the workers to run every job and send every message", site.processes)
        for worker in site.workers:
            worker.stop()  # nothing is left half-sent when the sink is read
        with site.database() as session:
            outbox = Counter(session.execute(select(OutboxMessage.recipient_email, OutboxMessage.subject)).all())
        delivered = Counter((str(message["To"]), str(message["Subject"])) for message in site.sink.received)
        assert delivered == outbox
        assert set(delivered.values()) == {1}
        subjects = {recipient: subject for recipient, subject in delivered}
        expected = ({email_of(name) for name in followers} | {email_of(name) for name in forgetful}
                    | {email_of(name) for name in unverified[:mail_limit]})
        assert set(subjects) == expected
        assert {subjects[email_of(name)] for name in forgetful} == {"Choose a new password"}
        assert {subjects[email_of(name)] for name in unverified[:mail_limit]} == {"Confirm your email address"}
        assert all("Poster Two" in subjects[email_of(name)] for name in followers), subjects
