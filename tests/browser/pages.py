"""Every page type of the site, in one table: the browser suite checks each of them.

axe-core (WCAG 2.1 A/AA and best practice: zero violations) and the Nu HTML
Checker (zero errors) run on every entry of ``PAGES`` in each of its
``languages``; the layout and keyboard checks (skip link, visible focus,
320 px reflow, 200 % text, reduced motion, links not told by colour alone)
run on them too.

Adding a page type is one line at the end of ``PAGES``::

    PageType("proposals", "/{lang}/proposals"),
    PageType("profile", "/{lang}/profile", login_as="resident"),
    PageType("moderation-queue", "/{lang}/moderation", login_as="moderator"),
    PageType("proposal", proposal_path, seed=seed_proposal),
    PageType("login-errors", "/{lang}/login", interact=submit_first_form),

The fields:

``name``
    Unique, used in test ids (``test_axe[item-ar]``).
``path``
    A string with ``{lang}`` in it, or a callable ``path(lang, seeded)``
    returning the path; ``seeded`` is what this entry's ``seed`` returned.
    The callable runs inside a request context of the live app, so it may
    use ``url_for(..., lang_code=lang)`` and query the database.
``seed``
    Optional ``seed(ctx)`` run once per test session before the server
    starts, inside an app context; ``ctx.db`` is the database, ``ctx.users``
    maps a role ("resident", "translator", "moderator", "administrator") to
    a saved, verified user; ``ctx.app`` is the app. The session is committed
    after it. Use the feature's services to create what the page needs
    (a proposal, a group, a notification) and return what ``path`` needs.
``login_as``
    A role: the browser is signed in as that seeded user before the visit.
``interact``
    Optional ``interact(page)`` run after the page loads, e.g. submitting a
    form empty to show its errors (``submit_first_form``). The checks then
    run on the page the interaction leaves. Anything that navigates must be
    wrapped in ``page.expect_navigation()``.
``status``
    The HTTP status expected for the last document (404 for the not-found page).
``languages``
    Defaults to Italian, English and Arabic (right to left).

To check a state no single visit reaches (a reply form opened by
JavaScript, a live region updated), write a test that drives the page and
calls ``tests.browser.checks.assert_accessible(page)``.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("it", "en", "ar")


@dataclass(frozen=True)
class PageType:
    name: str
    path: str | Callable[[str, Any], str]
    seed: Callable[[Any], Any] | None = None
    login_as: str | None = None
    interact: Callable[[Any], None] | None = None
    status: int = 200
    languages: tuple[str, ...] = LANGUAGES


# --- seeds and path builders -------------------------------------------------


def seed_discussed_item(ctx):
    """The item whose page carries a long thread: the longest one with a bulleted list.

    The discussion adds its comments and replies to this item here, so the
    item page is checked with a long thread.
    """
    from sqlalchemy import select

    from participation.programme.models import ProgrammeItem

    items = ctx.db.session.scalars(select(ProgrammeItem).order_by(ProgrammeItem.id)).all()
    def length(item):
        blocks = item.macro_actions or []
        has_list = any(block.get("type") != "paragraph" for block in blocks)
        return (has_list, len(blocks))

    item = max(items, key=length)
    return item.slug


def item_path(lang, slug):
    return f"/{lang}/items/{slug}"


def department_path(lang, _seeded):
    """The department responsible for the most items (the longest department page)."""
    from participation.programme import services

    department, _count = max(services.list_departments(), key=lambda pair: pair[1])
    return f"/{lang}/departments/{department.slug}"


def seed_accessibility_feedback(ctx):
    """Two messages for the staff list: one open, one handled."""
    from participation.site import services

    services.record_accessibility_feedback(
        None, message="The contrast of the footer links is too low for me.", email="", page_url="/en/", language="en"
    )
    handled = services.record_accessibility_feedback(
        None, message="Il modulo non si legge con lo zoom.", email="anna@example.org", page_url="", language="it"
    )
    services.mark_accessibility_feedback_handled(ctx.users["moderator"], handled)


# --- interactions ------------------------------------------------------------


def submit_first_form(page):
    """Submit the first form inside <main> as it is (empty): the page shows its errors."""
    with page.expect_navigation():
        page.locator("main form").first.locator("[type=submit]").first.click()


PAGES = [
    PageType("home", "/{lang}/"),
    PageType("area", "/{lang}/areas/1"),
    PageType("item", item_path, seed=seed_discussed_item),
    PageType("departments", "/{lang}/departments"),
    PageType("department", department_path),
    PageType("about", "/{lang}/about"),
    PageType("terms", "/{lang}/terms"),
    PageType("privacy", "/{lang}/privacy"),
    PageType("accessibility", "/{lang}/accessibility"),
    PageType("accessibility-feedback-errors", "/{lang}/accessibility", interact=submit_first_form),
    PageType("how-to-take-part", "/{lang}/how-to-take-part"),
    PageType(
        "accessibility-feedback-list",
        "/{lang}/admin/accessibility-feedback",
        seed=seed_accessibility_feedback,
        login_as="moderator",
    ),
    PageType("not-found", "/{lang}/no-such-page", status=404),
    PageType("forbidden", "/{lang}/admin/accessibility-feedback", status=403),
]

CASES = [(page_type, lang) for page_type in PAGES for lang in page_type.languages]
CASE_IDS = [f"{page_type.name}-{lang}" for page_type, lang in CASES]


def by_name(name):
    return next(page_type for page_type in PAGES if page_type.name == name)
