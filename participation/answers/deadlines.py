"""When an answer is due: a number of days after the question, to the end of that day in the City's time zone."""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

END_OF_DAY = time(23, 59, 59)


def city_zone():
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def city_date(moment):
    """The date in the City at the instant ``moment`` (aware, or naive UTC as SQLite returns it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(city_zone()).date()


def due_at(asked_at, days=None):
    """The end (23:59:59, the City's clock) of the day ``days`` (``ANSWER_DEADLINE_DAYS``) after the City's date
    of ``asked_at``, in UTC. Across a change of summer time the local end of the day stays 23:59:59."""
    days = current_app.config["ANSWER_DEADLINE_DAYS"] if days is None else days
    day = city_date(asked_at) + timedelta(days=days)
    return datetime.combine(day, END_OF_DAY, tzinfo=city_zone()).astimezone(UTC)
