"""Keyboard use: the skip link, a visible focus everywhere, menus reachable and usable."""
import re

import pytest

from .browsing import open_page
from .keyboard import DESCRIBE_FOCUS, MARK_FOCUSABLES, focus_document_start, tab_through
from .pages import FOCUS_LANGUAGES, STRUCTURE_LANGUAGES, by_name, cases_in

MIN_FOCUS_CONTRAST = 3.0  # WCAG 1.4.11: a focus indicator is a graphical object


@pytest.mark.parametrize(("page_type", "lang"), **cases_in(STRUCTURE_LANGUAGES))
def test_first_tab_reaches_a_visible_skip_link_to_main(page, live_server, page_type, lang):
    open_page(page, live_server, page_type, lang)
    if page.locator("[data-error-summary]").count():
        # After a failed submission the focus starts on the error summary, not the top.
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
        focus_document_start(page)
    page.keyboard.press("Tab")
    link = page.evaluate(
        """() => {
            const el = document.activeElement;
            const rect = el.getBoundingClientRect();
            const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
            return {tag: el.tagName.toLowerCase(), href: el.getAttribute('href'), text: el.innerText.trim(),
                    inViewport: rect.top >= 0 && rect.left >= 0 && rect.bottom <= innerHeight && rect.right <= innerWidth,
                    onTop: hit === el || el.contains(hit), width: rect.width, height: rect.height};
        }"""
    )
    assert link["tag"] == "a" and link["href"] == "#content", f"first Tab stop is {link}"
    assert link["text"], "the skip link has no text"
    assert link["inViewport"] and link["onTop"] and link["width"] > 0 and link["height"] > 0, link

    page.keyboard.press("Enter")
    focused = page.evaluate("() => ({tag: document.activeElement.tagName.toLowerCase(), id: document.activeElement.id})")
    assert focused == {"tag": "main", "id": "content"}


@pytest.mark.parametrize(("page_type", "lang"), **cases_in(FOCUS_LANGUAGES))
def test_every_control_is_reached_by_tab_with_a_visible_focus(page, live_server, page_type, lang):
    open_page(page, live_server, page_type, lang)
    focus_document_start(page)
    expected = page.evaluate(MARK_FOCUSABLES)
    stops = tab_through(page)

    problems = []
    for stop in stops:
        label = f"<{stop['tag']}> {stop['text']!r}"
        if not stop["visible"]:
            problems.append(f"{label} has the focus but cannot be seen")
        if not (stop["hasOutline"] or stop["hasShadow"]):
            problems.append(f"{label} shows no focus indicator (outline {stop['outline']})")
        elif stop["hasOutline"] and stop["minContrast"] is not None and stop["minContrast"] < MIN_FOCUS_CONTRAST:
            problems.append(f"{label}: focus outline contrast {stop['minContrast']:.2f}:1 with its surroundings")
    assert not problems, "\n".join(problems)

    reached = {stop["index"] for stop in stops}
    missed = [f"{entry['tag']} {entry['text']!r}" for entry in expected if entry["index"] not in reached]
    assert not missed, "not reachable with Tab: " + "; ".join(missed)
    in_menus = {entry["inNav"] for entry in expected if entry["inNav"]}
    assert len(in_menus) >= 3, f"expected the main, language and footer menus, found {in_menus}"


def test_focus_check_notices_an_invisible_focus(page, live_server):
    """The focus check itself fails on a link whose outline was removed."""
    open_page(page, live_server, by_name("home"), "en")
    page.add_style_tag(content="main a:focus-visible { outline: none !important; }")
    page.locator("main a").first.focus()
    stop = page.evaluate(DESCRIBE_FOCUS)
    assert not stop["hasOutline"] and not stop["hasShadow"]


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_language_menu_is_used_with_the_keyboard(page, live_server, lang):
    open_page(page, live_server, by_name("item"), lang)
    path = re.sub(r"^https?://[^/]+/[a-z]{2}/", "/", page.url)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "en":
            break
    else:
        pytest.fail("the English link of the language menu is never reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.url.split("?")[0].endswith("/en" + path)


def test_main_menu_is_used_with_the_keyboard(page, live_server):
    open_page(page, live_server, by_name("home"), "en")
    target = page.locator("nav.main-nav a").nth(1)
    href = target.get_attribute("href")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            break
    else:
        pytest.fail("the main menu is never reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href)
