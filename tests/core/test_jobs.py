"""Background jobs: kept with their action, done once, never lost, off the request path."""
import multiprocessing
import os
import signal
import time
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select, update

from participation import create_app
from participation.core.jobs import Job, enqueue, register_job, run_due_jobs
from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications.models import Notification
from tests.conftest import empty_database, make_config, release_database
from tests.participation_fixtures import *  # noqa: F401,F403

# A job of the tests: one notification per job, a little slow so that a worker is killed while it works.
NOTE_JOB = "tests.note"


def _write_note(user_id, n, pause=0.0, fail_first=False):
    db.session.add(Notification(user_id=user_id, kind="reply", data={"n": n}, created_at=utcnow()))
    db.session.flush()
    if pause:
        time.sleep(pause)
    if fail_first and not db.session.scalar(
        select(func.count()).select_from(Job).where(Job.kind == NOTE_JOB, Job.attempts > 0)
    ):
        raise RuntimeError("the first attempt fails")


register_job(NOTE_JOB, _write_note)


def _notes_of(user_id):
    return Counter(n.data["n"] for n in db.session.scalars(select(Notification).where(Notification.user_id == user_id)))


def test_a_job_exists_only_if_its_action_was_committed(app, make_user):
    user = make_user()
    enqueue(NOTE_JOB, user_id=user.id, n=1)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    enqueue(NOTE_JOB, user_id=user.id, n=2)
    db.session.commit()
    assert run_due_jobs() == (1, 0)
    assert run_due_jobs() == (0, 0)
    assert _notes_of(user.id) == Counter({2: 1})


def test_a_comment_post_leaves_the_followers_to_the_worker(app, client, item, make_user, login, post):
    app.config["JOBS_RUN_AFTER_REQUEST"] = False
    anna, bruno = make_user(name="Anna"), make_user(name="Bruno")
    login(anna)
    post(item, "Anna starts")  # Anna follows the discussion
    run_due_jobs()
    login(bruno)
    assert post(item, "Bruno answers").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Notification.user_id == anna.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(Job).where(Job.done_at.is_(None))) == 1
    assert run_due_jobs() == (1, 0)
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == anna.id)).all()
    assert kinds == ["followed_comment"]
    assert run_due_jobs() == (0, 0)


def test_in_development_the_jobs_run_after_the_request(app, client, item, make_user, login, post):
    app.config["JOBS_RUN_AFTER_REQUEST"] = True
    anna, bruno = make_user(name="Anna"), make_user(name="Bruno")
    login(anna)
    post(item, "Anna starts")
    login(bruno)
    post(item, "Bruno answers")
    db.session.expire_all()
    assert db.session.scalars(select(Notification.kind).where(Notification.user_id == anna.id)).all() == [
        "followed_comment"]
    assert db.session.scalar(select(func.count()).select_from(Job).where(Job.done_at.is_(None))) == 0


def test_a_failing_job_is_rolled_back_and_tried_again_later(app, make_user):
    user = make_user()
    enqueue(NOTE_JOB, user_id=user.id, n=7, fail_first=True)
    db.session.commit()
    assert run_due_jobs() == (0, 1)
    job = db.session.scalar(select(Job))
    assert _notes_of(user.id) == Counter()  # what the failed attempt wrote is gone
    assert job.attempts == 1 and "the first attempt fails" in job.last_error and job.done_at is None
    assert run_due_jobs() == (0, 0)  # not due yet
    db.session.execute(update(Job).values(run_after=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert run_due_jobs() == (1, 0)
    assert _notes_of(user.id) == Counter({7: 1})


def test_a_job_that_keeps_failing_is_kept_for_a_person(app, make_user):
    app.config["JOBS_MAX_ATTEMPTS"] = 1
    user = make_user()
    enqueue(NOTE_JOB, user_id=user.id, n=8, fail_first=True)
    db.session.commit()
    assert run_due_jobs() == (0, 1)
    db.session.execute(update(Job).values(run_after=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert run_due_jobs() == (0, 0)
    assert db.session.scalar(select(Job.done_at)) is None


def _worker_process(tmp_path, name, started):
    from participation.core.jobs import work

    app = create_app(make_config(tmp_path))
    with app.app_context():
        started.set()
        work(lambda: False, idle_seconds=0.2, worker=name, send_mail=False)


def test_workers_killed_mid_batch_lose_and_double_nothing(tmp_path, make_user, app):
    user_id = make_user().id
    for n in range(160):
        enqueue(NOTE_JOB, user_id=user_id, n=n, pause=0.02)
    db.session.commit()
    db.session.remove()
    db.engine.dispose()  # no connection of this process is shared with the workers
    context = multiprocessing.get_context("spawn")
    started = [context.Event(), context.Event()]
    workers = [context.Process(target=_worker_process, args=(tmp_path, f"w{n}", started[n])) for n in range(2)]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 120

    def done_count():
        count = db.session.scalar(select(func.count()).select_from(Job).where(Job.done_at.is_not(None)))
        db.session.commit()
        return count

    while done_count() < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    for worker in workers:  # in the middle of a job: each sleeps inside its transaction
        os.kill(worker.pid, signal.SIGKILL)
    for worker in workers:
        worker.join(timeout=30)
    killed_at = done_count()
    assert 20 <= killed_at < 160, killed_at
    done_by = Counter(db.session.scalars(select(Job.done_by).where(Job.done_at.is_not(None))))
    assert set(done_by) <= {"w0", "w1"}
    db.session.commit()
    assert run_due_jobs() == (160 - killed_at, 0)  # a worker started afterwards finds the rest
    assert _notes_of(user_id) == Counter({n: 1 for n in range(160)})  # each job's work, once
    assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == NOTE_JOB,
                                                                         Job.done_at.is_(None))) == 0
    release_database()


def test_flask_jobs_work_once_runs_the_jobs_then_delivers_the_mail(tmp_path):
    from participation.accounts.models import User
    from participation.core.mail import OutboxMessage

    app = create_app(make_config(tmp_path))
    with app.app_context():
        empty_database()
        user = User(email="anna@example.org", display_name="Anna", email_verified_at=utcnow())
        db.session.add(user)
        db.session.flush()
        enqueue(NOTE_JOB, user_id=user.id, n=1)
        from participation.core.mail import queue_mail

        queue_mail("anna@example.org", "Hello", "Body")
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["jobs", "work", "--once"])
        assert result.exit_code == 0, result.output
        assert "1 jobs done, 0 failed; 1 messages sent, 0 failed" in result.output
        assert db.session.scalar(select(OutboxMessage.sent_at)) is not None
        release_database()


def test_the_nightly_statistics_job_analyzes_the_database(app):
    from participation.core.jobs import ensure_scheduled
    from participation.ops.maintenance import STATISTICS_JOB

    assert STATISTICS_JOB in ensure_scheduled()
    db.session.execute(update(Job).where(Job.kind == STATISTICS_JOB).values(run_after=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert run_due_jobs() == (1, 0)
    if db.session.get_bind().dialect.name == "sqlite":
        from sqlalchemy import text

        assert db.session.execute(text("SELECT count(*) FROM sqlite_stat1")).scalar() > 0
    following = db.session.scalar(select(Job).where(Job.kind == STATISTICS_JOB, Job.done_at.is_(None)))
    assert following is not None and following.run_after.replace(tzinfo=None) > utcnow().replace(tzinfo=None)
