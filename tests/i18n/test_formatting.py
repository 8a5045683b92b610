"""Dates, times and numbers follow the page's locale and the City's time zone."""
from datetime import UTC, datetime

import pytest
from flask import g, render_template_string
from flask_babel import refresh

# 23:30 UTC on 15 January is already 16 January in Cremona (UTC+1 in winter).
MOMENT = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # 12:00 in Cremona (UTC+2)


def render_in(app, code, source, **context):
    with app.test_request_context(f"/{code}/"):
        g.lang_code = code
        refresh()
        return render_template_string(source, **context)


def test_the_default_time_zone_is_rome(app):
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "Europe/Rome"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("it", "16 gennaio 2026"),
        ("en", "16 January 2026"),
        ("uk", "16 січня 2026\u202fр."),
        ("ar", "16 يناير 2026"),
        ("pa", "16 ਜਨਵਰੀ 2026"),
        ("zh", "2026年1月16日"),
        ("ur", "16 جنوری، 2026"),
    ],
)
def test_dates_are_written_in_the_page_language_and_rome_time(app, code, expected):
    html = render_in(app, code, "{{ moment|format_date('long') }}", moment=MOMENT)
    assert html.replace("\u200f", "") == expected  # Arabic may add right-to-left marks


@pytest.mark.parametrize(("code", "expected"), [("it", "12:00"), ("uk", "12:00"), ("ar", "12:00"), ("zh", "12:00")])
def test_times_follow_summer_time_in_rome(app, code, expected):
    html = render_in(app, code, "{{ moment|format_datetime('HH:mm') }}", moment=SUMMER)
    assert html == expected


@pytest.mark.parametrize(("code", "expected"), [("it", "12.345"), ("en", "12,345"), ("uk", "12\u00a0345"),
                                               ("zh", "12,345"), ("pa", "12,345"), ("ur", "12,345")])
def test_numbers_are_grouped_for_the_locale(app, code, expected):
    assert render_in(app, code, "{{ 12345|format_number }}") == expected


def test_english_dates_and_times_read_the_way_they_do_in_italy(app):
    """Day before month and a 24-hour clock: "16/01/2026, 00:30", not "1/16/26, 12:30 AM"."""
    assert render_in(app, "en", "{{ moment|datetimeformat('short') }}", moment=MOMENT) == "16/01/2026, 00:30"
    assert render_in(app, "en", "{{ _('Home') }}") == "Home"  # the English catalogue still speaks
