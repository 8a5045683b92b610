"""page_arg() and paginate(): bad page numbers are a 404, never a database error."""
import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from participation.core.pagination import MAX_PAGE, Page, page_arg, paginate
from participation.programme.models import ProgrammeItem


@pytest.mark.parametrize("query, expected", [("", 1), ("?page=", 1), ("?page=1", 1), ("?page=7", 7),
                                             (f"?page={MAX_PAGE}", MAX_PAGE)])
def test_page_arg_reads_good_numbers(app, query, expected):
    with app.test_request_context("/it/" + query):
        assert page_arg() == expected


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1e3", "1.5", " 2", "999999999999999999999",
                                   str(MAX_PAGE + 1), "\uff11", "²"])
def test_page_arg_refuses_bad_numbers_with_404(app, value):
    with app.test_request_context("/it/", query_string={"page": value}):
        with pytest.raises(NotFound):
            page_arg()


def test_paginate_pages_through_the_items(app, programme):
    statement = select(ProgrammeItem).order_by(ProgrammeItem.id)
    first = paginate(statement, 1, per_page=40)
    assert (first.total, first.pages, len(first.items)) == (91, 3, 40)
    assert first.has_next and not first.has_prev and first.next_number == 2
    last = paginate(statement, 3, per_page=40)
    assert len(last.items) == 11 and not last.has_next and last.prev_number == 2 and last.first_index == 81
    with pytest.raises(NotFound):
        paginate(statement, 4, per_page=40)
    assert paginate(statement, 9, per_page=40, abort_if_past_end=False).number == 3


def test_an_empty_list_has_one_page(app):
    page = paginate(select(ProgrammeItem).order_by(ProgrammeItem.id), 1, per_page=10)
    assert page == Page(items=[], number=1, per_page=10, total=0)
    assert page.pages == 1 and not page.has_next and page.first_index == 0


def test_page_arg_needs_no_database():
    with Flask(__name__).test_request_context("/?page=3"):
        assert page_arg() == 3


@pytest.mark.parametrize("number, pages, expected", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 1500, [1, 2, 3, None, 1500]),
    (750, 1500, [1, None, 748, 749, 750, 751, 752, None, 1500]),
    (1500, 1500, [1, None, 1498, 1499, 1500]),
    (4, 7, [1, 2, 3, 4, 5, 6, 7]),
    (9, 3, [1, None, 3]),  # past the end (an empty page): first and last still there
])
def test_page_window_links_the_ends_and_the_neighbourhood(number, pages, expected):
    from participation.core.pagination import page_window

    assert page_window(number, pages) == expected
