"""The daily digest is a scheduled background job: sent once a day at DIGEST_HOUR, City time."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from participation.core.jobs import Job, ensure_scheduled, run_due_jobs
from participation.core.mail import OutboxMessage
from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications.jobs import DIGEST_JOB, next_digest_time
from participation.notifications.models import Notification


def test_the_next_digest_is_at_six_in_the_evening_in_cremona(app):
    # Winter: 18:00 in Rome is 17:00 UTC; summer: 16:00 UTC.
    assert next_digest_time(datetime(2026, 12, 1, 16, 59, tzinfo=UTC)) == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert next_digest_time(datetime(2026, 12, 1, 17, 0, tzinfo=UTC)) == datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    assert next_digest_time(datetime(2026, 7, 1, 15, 0, tzinfo=UTC)) == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    # The night the clocks change back, the evening is still 18:00 local.
    assert next_digest_time(datetime(2026, 10, 25, 12, 0, tzinfo=UTC)) == datetime(2026, 10, 25, 17, 0, tzinfo=UTC)


def _pending_digests():
    return db.session.scalars(select(Job).where(Job.kind == DIGEST_JOB, Job.done_at.is_(None))).all()


def test_a_worker_keeps_one_digest_scheduled_and_each_run_queues_the_next(app, make_user):
    assert DIGEST_JOB in ensure_scheduled()
    assert ensure_scheduled() == []  # a second worker starting queues nothing more
    (job,) = _pending_digests()
    assert job.run_after.replace(tzinfo=UTC) == next_digest_time(job.created_at.replace(tzinfo=UTC))
    assert run_due_jobs() == (0, 0)  # not yet the evening
    anna = make_user(name="Anna")
    db.session.add(Notification(user_id=anna.id, kind="followed_comment", data={"title": "T"}, created_at=utcnow(),
                                email_status="pending"))
    db.session.execute(update(Job).where(Job.kind == DIGEST_JOB).values(run_after=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    before = utcnow()
    assert run_due_jobs() == (1, 0)
    after = utcnow()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1  # Anna's digest
    (following,) = _pending_digests()
    # The next evening's digest, whatever the hour the run is made at.
    assert following.run_after.replace(tzinfo=UTC) in {next_digest_time(before), next_digest_time(after)}
    assert following.run_after.replace(tzinfo=UTC) > after
    assert run_due_jobs() == (0, 0)


def test_workers_starting_at_the_same_moment_schedule_the_digest_once(app):
    import threading

    from participation.core.jobs import ensure_scheduled as schedule

    barrier, errors = threading.Barrier(4), []

    def start_a_worker():
        with app.app_context():
            barrier.wait()
            try:
                schedule()
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=start_a_worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(_pending_digests()) == 1
