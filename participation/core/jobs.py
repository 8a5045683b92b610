"""Background jobs: work an action causes but its request need not wait for.

A feature registers a handler under a name (``register_job``) and calls
``enqueue(name, **payload)`` inside the transaction of the action: the job row
is committed with the action or not at all, so nothing is lost when a process
dies between the commit and the work.

A worker (``flask jobs work``) takes one due job at a time and runs its
handler **in the transaction that claimed it**, marking it done before the
commit. The job's effects and its "done" mark are committed together, so a
job is done exactly once however many workers run on however many machines:

- PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED``; workers take different
  rows without waiting for each other, and a worker killed mid-job leaves its
  transaction to be rolled back by the server, which frees the row for the next.
- SQLite: the claim is the transaction's first statement, an ``UPDATE`` that
  takes the database's single write lock; a second worker cannot claim
  anything until the first commits or dies (then its journal is rolled back).

A long job works in steps: a handler that returns a dict has done one step
(in this transaction, with its "how far" in the returned dict, which becomes
the job's payload) and runs again from there in the next transaction. Each
step and its progress are committed together, so a step is never done twice,
and a step holds SQLite's write lock only briefly, so requests that write
are not kept waiting behind a job that writes thousands of rows.

A handler that raises is rolled back whole; the failure is recorded in a
transaction of its own and the job is tried again later, up to
``JOBS_MAX_ATTEMPTS`` times, then kept for a person to look at. Handlers must
only change the database (mail is queued in the outbox, which the worker
delivers after the jobs: ``core/mail.py``).

No library fitted: the well-kept queues (RQ, Celery, Dramatiq, Huey) keep jobs
in Redis or a broker, outside the action's database transaction, so a job
is lost or sent for an action that was rolled back; the database queues on
PyPI are for PostgreSQL only.

In development (``JOBS_RUN_AFTER_REQUEST``) the jobs a request queued are run
right after it, as mail is sent, so ``make run`` needs no second process.
"""
import secrets
import signal
import time as clock
import traceback
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import click
from flask import current_app, g, has_request_context
from flask.cli import AppGroup
from sqlalchemy import JSON, DateTime, Integer, String, Text, func, select, text, update
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import utcnow

JOB_HANDLERS = {}
# Jobs that recur: name -> function giving the time of the next run after a given time.
SCHEDULES = {}


def register_job(name, handler):
    """Register ``handler(**payload)`` for jobs called ``name``.

    The handler returns None when the job is done, or the payload of its next step (a dict).
    """
    JOB_HANDLERS[name] = handler
    return handler


def register_schedule(name, next_run):
    """Run the job ``name`` (registered with ``register_job``) at ``next_run(after)``, again and again.

    The worker keeps one pending job of each schedule: when a scheduled job is done the next one is
    queued in the same transaction, and a worker that finds none (a new installation) queues it.
    """
    SCHEDULES[name] = next_run
    return next_run


def daily_at(hour_setting):
    """A schedule: every day at the hour of the setting ``hour_setting``, in the City's time zone (in UTC)."""

    def next_run(after):
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        hour = time(current_app.config[hour_setting])
        local = after.astimezone(zone)
        at = datetime.combine(local.date(), hour, tzinfo=zone)
        if at <= local:
            at = datetime.combine(local.date() + timedelta(days=1), hour, tzinfo=zone)
        return at.astimezone(UTC)

    return next_run


def every_hour(after):
    """A schedule: at the start of every hour (UTC)."""
    return after.astimezone(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def ensure_scheduled():
    """Queue the next run of every schedule that has no pending job; returns the names queued.

    Workers starting at the same moment take turns (a lock on the job table on PostgreSQL, the
    write lock on SQLite, taken first), so each schedule is queued once.
    """
    if not SCHEDULES:
        return []
    db.session.commit()  # a transaction of its own, begun by the lock
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("LOCK TABLE job IN SHARE ROW EXCLUSIVE MODE"))
    else:  # a write that changes nothing: the transaction holds the write lock before it reads
        db.session.execute(update(Job).where(Job.id == -1).values(attempts=Job.attempts)
                           .execution_options(synchronize_session=False))
    queued = []
    for name, next_run in SCHEDULES.items():
        pending = db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == name,
                                                                                Job.done_at.is_(None)))
        if not pending:
            enqueue(name, at=next_run(utcnow()))
            queued.append(name)
    db.session.commit()
    return queued


class Job(db.Model):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    run_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    done_by: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self):
        return f"<Job {self.id} {self.kind}>"


def enqueue(kind, delay=None, at=None, **payload):
    """Add a job to the caller's transaction (never commits), due now, after ``delay`` or ``at`` a time.

    ``payload`` must be JSON; its keys are the handler's arguments (``kind``, ``delay`` and ``at`` are
    this function's own)."""
    if kind not in JOB_HANDLERS:
        raise ValueError(f"unknown job {kind!r}")
    now = utcnow()
    # In UTC: SQLite keeps the wall time and drops the zone.
    run_after = at.astimezone(UTC) if at is not None else now + (delay or timedelta(0))
    job = Job(kind=kind, payload=payload, created_at=now, run_after=run_after)
    db.session.add(job)
    if has_request_context():
        g.jobs_queued = True
    return job


def _due():
    now = utcnow()
    return (Job.done_at.is_(None), Job.run_after <= now,
            Job.attempts < current_app.config["JOBS_MAX_ATTEMPTS"])


def _claim():
    """The next due job, claimed in a transaction that has just begun (None when there is none)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return db.session.scalars(
            select(Job).where(*_due()).order_by(Job.id).limit(1).with_for_update(skip_locked=True)
        ).first()
    next_id = select(Job.id).where(*_due()).order_by(Job.id).limit(1).scalar_subquery()
    claimed = db.session.execute(
        update(Job).where(Job.id == next_id).values(attempts=Job.attempts)
        .returning(Job.id).execution_options(synchronize_session=False)
    ).scalar()
    return db.session.get(Job, claimed) if claimed is not None else None


def _retry_delay(attempts):
    return timedelta(seconds=min(30 * 2 ** attempts, 6 * 3600))


def run_one(worker="worker"):
    """Claim and run the next due job; returns it (done or failed), or None when none is due.

    Commits: the caller's session first, then the job's own transaction.
    """
    db.session.commit()
    job = _claim()
    if job is None:
        db.session.commit()
        return None
    job_id, kind, payload, attempts = job.id, job.kind, dict(job.payload or {}), job.attempts
    try:
        handler = JOB_HANDLERS[kind]
        next_step = handler(**payload)
        if isinstance(next_step, dict):  # one step done: the job goes on from there in the next transaction
            job.payload = next_step
        else:
            job.done_at = utcnow()
            job.done_by = worker[:40]
            if kind in SCHEDULES:  # the next run, committed with this one
                enqueue(kind, at=SCHEDULES[kind](job.done_at))
        job.last_error = None
        db.session.commit()
        return job
    except Exception as error:  # noqa: BLE001 - recorded and retried, the worker goes on
        db.session.rollback()
        db.session.execute(
            update(Job).where(Job.id == job_id, Job.done_at.is_(None))
            .values(attempts=Job.attempts + 1, last_error=f"{type(error).__name__}: {error}"[:2000],
                    run_after=utcnow() + _retry_delay(attempts))
        )
        db.session.commit()
        current_app.logger.error("Job %s (%s) failed: %s", job_id, kind, traceback.format_exc())
        return db.session.get(Job, job_id)


def run_due_jobs(limit=None, worker="worker"):
    """Run due jobs until none is left (or ``limit`` steps were run); returns ``(done, failed)``."""
    done = failed = steps = 0
    while limit is None or steps < limit:
        job = run_one(worker)
        if job is None:
            break
        steps += 1
        if job.done_at is not None:
            done += 1
        elif job.last_error is not None:
            failed += 1
    return done, failed


def pending_count():
    return db.session.scalar(select(func.count()).select_from(Job).where(*_due()))


def _run_after_request(response):
    """Development convenience: run what this request queued (JOBS_RUN_AFTER_REQUEST)."""
    if g.pop("jobs_queued", False) and current_app.config.get("JOBS_RUN_AFTER_REQUEST"):
        db.session.rollback()  # only committed jobs run
        try:
            run_due_jobs(limit=200, worker="after-request")
        except Exception:  # noqa: BLE001 - the page must not fail because of background work
            db.session.rollback()
            current_app.logger.error("Running jobs after the request failed: %s", traceback.format_exc())
    return response


def work(stop, idle_seconds=1.0, worker=None, send_mail=True):
    """The worker loop: due jobs, then due mail, until ``stop()`` is true; sleeps when idle."""
    from .mail import send_pending

    worker = worker or f"worker-{secrets.token_hex(4)}"
    scheduled = False
    while not stop():
        try:
            if not scheduled:
                ensure_scheduled()
                scheduled = True
            done, failed = run_due_jobs(limit=100, worker=worker)
            sent = mail_failed = 0
            if send_mail:
                sent, mail_failed = send_pending(limit=100)
        except Exception:  # noqa: BLE001 - a database that is briefly unavailable must not stop the worker
            db.session.rollback()
            current_app.logger.error("The worker's round failed, trying again: %s", traceback.format_exc())
            done = failed = sent = mail_failed = 0
        db.session.remove()
        if not (done or failed or sent or mail_failed):
            slept = 0.0
            while slept < idle_seconds and not stop():
                clock.sleep(0.1)
                slept += 0.1


jobs_cli = AppGroup("jobs", help="Background jobs and outgoing mail.")


@jobs_cli.command("work")
@click.option("--once", is_flag=True, help="Run what is due now, then stop.")
@click.option("--idle", type=float, default=1.0, show_default=True, help="Seconds to wait when nothing is due.")
@click.option("--name", default=None, help="Name recorded on the jobs this worker does.")
def work_command(once, idle, name):
    """Run background jobs and deliver mail until stopped (SIGTERM or Ctrl-C finish the current job)."""
    stopping = {"now": False}

    def ask_to_stop(*_args):
        stopping["now"] = True

    signal.signal(signal.SIGTERM, ask_to_stop)
    signal.signal(signal.SIGINT, ask_to_stop)
    if once:
        from .mail import send_pending

        done, failed = run_due_jobs(worker=name or "once")
        sent, mail_failed = send_pending()
        click.echo(f"{done} jobs done, {failed} failed; {sent} messages sent, {mail_failed} failed")
        return
    click.echo("Worker started: jobs and mail.")
    work(lambda: stopping["now"], idle_seconds=idle, worker=name)
    click.echo("Worker stopped.")


def init_app(app):
    app.after_request(_run_after_request)
