"""The notifications' background jobs: telling the followers of a thread or a group, and the daily digest."""
from ..core.jobs import daily_at, register_job, register_schedule
from .email import send_digests
from .services import FOLLOWERS_JOB, notify_followers_now

DIGEST_JOB = "notifications.digest"


# The next digest: ``DIGEST_HOUR`` o'clock in the City's time zone after a given time.
next_digest_time = daily_at("DIGEST_HOUR")


def send_daily_digest():
    send_digests()


register_job(FOLLOWERS_JOB, notify_followers_now)
register_job(DIGEST_JOB, send_daily_digest)
register_schedule(DIGEST_JOB, next_digest_time)
