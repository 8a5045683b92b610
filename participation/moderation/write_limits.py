"""Limits on how fast a person may write comments and proposals."""
from datetime import timedelta

from flask import current_app
from flask_babel import ngettext

from ..core.models import as_utc, utcnow
from .targets import get_target_type

NEW_ACCOUNT_AGE = timedelta(days=1)
COMMENT_INTERVAL_NEW = timedelta(seconds=15)
COMMENT_INTERVAL = timedelta(seconds=5)
COMMENTS_PER_HOUR_NEW = 10
PROPOSALS_PER_DAY = 3


class WriteRateExceeded(Exception):
    """Too much writing too fast; ``retry_after`` is a timedelta."""

    def __init__(self, kind, retry_after):
        super().__init__(kind)
        self.kind = kind
        self.retry_after = retry_after

    def message(self):
        seconds = max(1, int(self.retry_after.total_seconds() + 0.999))
        if seconds < 120:
            return ngettext("You are writing too fast. You can post again in %(num)d second.",
                            "You are writing too fast. You can post again in %(num)d seconds.", seconds)
        minutes = -(-seconds // 60)
        if minutes < 120:
            return ngettext("You have reached the limit for now. You can post again in %(num)d minute.",
                            "You have reached the limit for now. You can post again in %(num)d minutes.", minutes)
        hours = -(-minutes // 60)
        return ngettext("You have reached the limit for now. You can post again in %(num)d hour.",
                        "You have reached the limit for now. You can post again in %(num)d hours.", hours)


def check_write_rate(user, kind, now=None):
    """Refuse a new comment or proposal that comes too soon (limits modelled on established forums).

    Comments: one every 15 seconds and ten an hour in an account's first day,
    one every 5 seconds after. Proposals: three a day. Staff are not limited.
    Counted from the database, so every app server sees the same numbers.
    Raises WriteRateExceeded.
    """
    if not current_app.config.get("WRITE_RATE_LIMITS", True) or user.is_staff:
        return
    now = now or utcnow()
    if kind == "proposal":
        times = get_target_type("proposal").written_since(user, now - timedelta(days=1))
        if len(times) >= PROPOSALS_PER_DAY:
            raise WriteRateExceeded(kind, as_utc(times[-PROPOSALS_PER_DAY]) + timedelta(days=1) - now)
        return
    new_account = user.created_at is not None and now - as_utc(user.created_at) < NEW_ACCOUNT_AGE
    recent = get_target_type("comment").written_since(user, now - timedelta(hours=1))  # oldest first
    interval = COMMENT_INTERVAL_NEW if new_account else COMMENT_INTERVAL
    if recent and now - as_utc(recent[-1]) < interval:
        raise WriteRateExceeded(kind, interval - (now - as_utc(recent[-1])))
    if new_account and len(recent) >= COMMENTS_PER_HOUR_NEW:
        oldest_counted = as_utc(recent[-COMMENTS_PER_HOUR_NEW])
        raise WriteRateExceeded(kind, oldest_counted + timedelta(hours=1) - now)
