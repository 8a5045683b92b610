"""What the load test and the soak run share: a seeded database, a gunicorn server, signed-in residents."""
import http.client
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
SEED_PASSWORD = "partecipa-bench-2026"  # participation/dev/seed.py: SEED_PASSWORD
SEED_EMAIL_DOMAIN = "seed.example.org"


def log(message):
    print(message, file=sys.stderr, flush=True)


def flask(args, database_url, check=True):
    env = {**os.environ, "FLASK_APP": "wsgi.py", "DATABASE_URL": database_url, "PARTICIPATION_ENV": "development"}
    return subprocess.run([PYTHON, "-m", "flask", *args], cwd=ROOT, env=env, check=check,
                          capture_output=True, text=True)


def prepare_sqlite(size):
    """A fresh copy of a seeded SQLite database (seeded once, then reused from bench/out/)."""
    OUT.mkdir(parents=True, exist_ok=True)
    cached = OUT / f"seeded-{size}.db"
    if not cached.exists():
        building = OUT / f"building-{size}.db"
        for leftover in OUT.glob(f"building-{size}.db*"):
            leftover.unlink()
        url = f"sqlite:///{building}"
        log(f"Building the seeded database (size {size}); it is kept in {cached} for later runs.")
        prepare_database(url, size)
        with sqlite3.connect(building) as connection:  # everything into the main file before it is copied
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        building.rename(cached)
    working = OUT / "bench.db"
    for leftover in OUT.glob("bench.db*"):
        leftover.unlink()
    shutil.copyfile(cached, working)
    flask(["db", "upgrade"], f"sqlite:///{working}")  # a database seeded by older code gets the newer tables
    return f"sqlite:///{working}"


def prepare_database(url, size):
    """Migrate, import the programme and seed ``url`` (an empty database)."""
    steps = [["db", "upgrade"], ["programme", "import", "--if-empty"], ["groups", "seed-neighbourhoods"],
             ["dev", "seed", "--size", size]]
    for step in steps:
        started = time.monotonic()
        flask(step, url)
        log(f"  flask {' '.join(step)}: {time.monotonic() - started:.0f} s")


def database_url_is_sqlite(url):
    return url.startswith("sqlite")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with ``workers`` sync workers on 127.0.0.1, production settings."""

    def __init__(self, database_url, workers=3, log_name="gunicorn.log", source=None):
        self.port = free_port()
        self.log_path = OUT / log_name
        env = {
            **os.environ, "PARTICIPATION_ENV": "production", "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-only-secret-key-not-for-production", "REQUEST_LOG": "0",
            "BASE_URL": f"http://127.0.0.1:{self.port}",
            # The load posts far more than a person could; the limits would refuse it.
            "WRITE_RATE_LIMITS": "0", "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers), "GUNICORN_MAX_REQUESTS": "0", "GUNICORN_LOG_LEVEL": "warning",
            "MAIL_SEND_AFTER_REQUEST": "0",
        }
        self.log_file = open(self.log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
            cwd=source or ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log_path}")
            try:
                status, _h, _b = request("GET", self.port, "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            self.stop()
            raise RuntimeError("gunicorn did not answer within 120 s")
        # Every worker answers the first requests slowly (imports, templates): warm them all.
        for _ in range(30):
            request("GET", self.port, "/it/")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log_file.close()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"


class Worker:
    """``flask jobs work`` with production settings: the background jobs and mail of the servers."""

    def __init__(self, database_url, log_name="worker.log", source=None):
        self.log_path = OUT / log_name
        env = {**os.environ, "PARTICIPATION_ENV": "production", "DATABASE_URL": database_url, "FLASK_APP": "wsgi.py",
               "SECRET_KEY": "bench-only-secret-key-not-for-production", "BASE_URL": "http://127.0.0.1"}
        self.log_file = open(self.log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen([PYTHON, "-m", "flask", "jobs", "work", "--idle", "0.2"], cwd=source or ROOT,
                                        env=env, stdout=self.log_file, stderr=subprocess.STDOUT)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log_file.close()


def wait_for_jobs(database_url, timeout=300):
    """Wait until no background job is due; returns ``(done, pending, failed)`` counts of the job table."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as c:
                # Due jobs only: the evening's digest is scheduled ahead.
                done, pending, failed = c.execute(text(
                    "SELECT count(done_at), count(*) - count(done_at), "
                    "coalesce(sum(CASE WHEN done_at IS NULL AND last_error IS NOT NULL THEN 1 ELSE 0 END), 0) "
                    "FROM job WHERE run_after <= :now"), {"now": datetime.now(UTC)}).one()
            if pending == failed or time.monotonic() > deadline:
                return done, pending, failed
            time.sleep(0.5)
    finally:
        engine.dispose()


def request(method, port, path, cookies=None, form=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read().decode("utf-8", "replace")
    if cookies is not None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
    connection.close()
    return response.status, dict(response.getheaders()), data


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(page):
    found = CSRF.search(page) or re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if not found:
        raise RuntimeError("no CSRF token in the page")
    return next(g for g in found.groups() if g)


def sign_in(port, number, landing="/it/proposals", account=None):
    """Sign seeded resident ``number`` (or the seeded ``account``, e.g. "staff1-1") in; returns
    (cookies, csrf token for their session)."""
    account = account or f"resident{number}"
    cookies = {}
    _s, _h, page = request("GET", port, "/it/login", cookies)
    status, _h, _b = request("POST", port, "/it/login", cookies, {
        "csrf_token": csrf_token(page), "email": f"{account}@{SEED_EMAIL_DOMAIN}",
        "password": SEED_PASSWORD, "next": ""})
    if status != 302:
        raise RuntimeError(f"{account} could not sign in (HTTP {status})")
    _s, _h, page = request("GET", port, landing, cookies)
    return cookies, csrf_token(page)


def machine_description():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": os.cpu_count(), "memory": memory,
        "os": platform.platform(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "wrk": wrk[0] if wrk else "not installed",
    }


def sqlite_path(database_url):
    return database_url.removeprefix("sqlite:///") if database_url.startswith("sqlite:///") else None
