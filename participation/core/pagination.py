"""Safe page numbers and paginated queries, for every list page.

In a view::

    from ..core.pagination import paginate, page_arg

    @bp.get("/items/<slug>")
    def item(slug):
        ...
        comments = paginate(select(Comment).where(...).order_by(Comment.id), page_arg(), per_page=50)
        return render_template(..., comments=comments)

and in the template ``comments.items``, ``comments.has_next``,
``url_for(request.endpoint, page=comments.next_number, **request.view_args)``.

``page_arg()`` reads ``?page=`` and never lets a bad value reach the
database: missing means 1; anything that is not a plain positive integer up
to ``MAX_PAGE`` (``abc``, ``-1``, ``0``, ``1e3``, ``999999999999999999999``)
is a 404, as is a page past the last one in ``paginate`` (an empty list has
exactly one page, page 1). A huge number would otherwise overflow SQLite's
integer OFFSET and answer 500.
"""
from dataclasses import dataclass

from flask import abort, request
from sqlalchemy import func, select

from ..extensions import db

MAX_PAGE = 100_000


def page_arg(name="page", default=1):
    """The page number in ``request.args[name]``; 404 if it is not a sane positive integer."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_PAGE)):
        abort(404)
    number = int(raw)
    if not 1 <= number <= MAX_PAGE:
        abort(404)
    return number


@dataclass(frozen=True)
class Page:
    """One page of results: ``items`` plus what a pager needs."""

    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages

    @property
    def prev_number(self):
        return self.number - 1 if self.has_prev else None

    @property
    def next_number(self):
        return self.number + 1 if self.has_next else None

    @property
    def first_index(self):
        """1-based position of the first item on this page (for "items 51-100 of 230")."""
        return (self.number - 1) * self.per_page + 1 if self.total else 0


def paginate(statement, number, per_page=50, count_statement=None, abort_if_past_end=True):
    """Run ``statement`` (a SQLAlchemy select of entities, with an ORDER BY) for page ``number``.

    Two queries: the count (``count_statement`` if given, else derived from
    ``statement``) and the page itself. A page past the last one aborts
    with 404, unless ``abort_if_past_end=False`` (then it is clamped to the last page).
    """
    if count_statement is None:
        count_statement = select(func.count()).select_from(statement.order_by(None).subquery())
    total = db.session.scalar(count_statement) or 0
    pages = max(1, -(-total // per_page))
    if number > pages:
        if abort_if_past_end:
            abort(404)
        number = pages
    items = list(db.session.scalars(statement.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, per_page=per_page, total=total)


def paginate_list(items, number, per_page=50):
    """Page ``number`` of a list already in memory (a screen that computes its lines); 404 past the last."""
    total = len(items)
    if number > max(1, -(-total // per_page)):
        abort(404)
    start = (number - 1) * per_page
    return Page(items=items[start:start + per_page], number=number, per_page=per_page, total=total)


MAX_ID = 2**31 - 1  # the largest id a PostgreSQL integer column holds


def id_arg(name):
    """An id from ``request.args[name]`` for a filter; None when missing or not a sane id.

    Filters ignore a malformed value (the list shows unfiltered) instead of
    letting a huge number overflow the database's integer.
    """
    raw = request.args.get(name, "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_ID)):
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_ID else None


def page_window(number, pages, around=2):
    """The page links to show: the first, the last, and ``around`` on each side of ``number``.

    ``None`` marks a gap. A list of 1,500 pages shows about nine links, not 1,500.
    """
    shown = sorted({1, pages, *range(max(1, number - around), min(pages, number + around) + 1)})
    window = []
    for n in shown:
        if window and n - window[-1] > 1:
            window.append(None)
        window.append(n)
    return window


def init_app(app):
    app.add_template_global(page_window, "page_window")
