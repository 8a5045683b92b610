"""Deadlines in the City's time zone: the end of the due day there, across changes of summer time."""
from datetime import UTC, datetime, timedelta

from participation.answers.deadlines import city_date, due_at
from participation.answers.models import AnswerRequest


def test_the_deadline_is_the_end_of_the_due_day_in_the_city(app):
    # 1 December 2026, 10:00 in Rome (UTC+1): due on 31 December, 23:59:59 in Rome.
    asked = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert app.config["ANSWER_DEADLINE_DAYS"] == 30
    assert due_at(asked) == datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC)


def test_a_question_asked_after_midnight_in_the_city_counts_from_the_city_date(app):
    # 23:30 UTC on 30 November is already 1 December in Rome: the 30 days count from 1 December.
    asked = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert city_date(asked).isoformat() == "2026-12-01"
    assert due_at(asked) == datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC)


def test_across_the_end_of_summer_time_the_due_day_still_ends_at_midnight_in_the_city(app):
    # Asked in summer time (UTC+2) on 1 October; summer time ends on 25 October; due on 31 October (UTC+1).
    asked = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)
    assert due_at(asked) == datetime(2026, 10, 31, 22, 59, 59, tzinfo=UTC)


def test_across_the_start_of_summer_time(app):
    # Asked on 10 March (UTC+1); summer time starts on 29 March; due on 9 April, 23:59:59 at UTC+2.
    asked = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert due_at(asked) == datetime(2026, 4, 9, 21, 59, 59, tzinfo=UTC)


def test_the_setting_gives_the_number_of_days(app):
    app.config["ANSWER_DEADLINE_DAYS"] = 7
    assert due_at(datetime(2026, 12, 1, 9, 0, tzinfo=UTC)) == datetime(2026, 12, 8, 22, 59, 59, tzinfo=UTC)


def test_overdue_only_after_the_end_of_the_due_day(app):
    due = datetime(2026, 10, 31, 22, 59, 59, tzinfo=UTC)
    request = AnswerRequest(asked_at=due - timedelta(days=30), due_at=due)
    assert request.status(now=due) == "open"
    assert request.status(now=due + timedelta(seconds=1)) == "overdue"
    assert city_date(request.overdue_since).isoformat() == "2026-11-01"
    request.answered_at = due + timedelta(hours=1)
    assert request.status(now=due + timedelta(days=3)) == "answered_late"
    request.answered_at = due - timedelta(hours=1)
    assert request.status(now=due + timedelta(days=3)) == "answered"
