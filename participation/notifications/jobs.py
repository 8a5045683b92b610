"""The notifications' background jobs: telling the followers of a thread or a group, and the daily digest."""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from ..core.jobs import register_job, register_schedule
from .email import send_digests
from .services import FOLLOWERS_JOB, notify_followers_now

DIGEST_JOB = "notifications.digest"


def next_digest_time(after):
    """The next ``DIGEST_HOUR`` o'clock in the City's time zone after ``after`` (an aware time), in UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = after.astimezone(zone)
    at = datetime.combine(local.date(), time(current_app.config["DIGEST_HOUR"]), tzinfo=zone)
    if at <= local:
        at = datetime.combine(local.date() + timedelta(days=1), time(current_app.config["DIGEST_HOUR"]), tzinfo=zone)
    return at.astimezone(UTC)


def send_daily_digest():
    send_digests()


register_job(FOLLOWERS_JOB, notify_followers_now)
register_job(DIGEST_JOB, send_daily_digest)
register_schedule(DIGEST_JOB, next_digest_time)
