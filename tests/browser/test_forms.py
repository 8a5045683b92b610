"""Forms in the browser: the error-summary pattern after a failed submission, and a keyboard-only success."""
import pytest

from .browsing import open_page
from .checks import assert_accessible
from .pages import PAGES, by_name

WITH_INTERACTION = [page_type for page_type in PAGES if page_type.interact is not None]


@pytest.mark.parametrize("page_type", WITH_INTERACTION, ids=[page_type.name for page_type in WITH_INTERACTION])
@pytest.mark.parametrize("lang", ["en", "ar", "ur"])
def test_failed_submission_follows_the_error_summary_pattern(page, live_server, page_type, lang):
    open_page(page, live_server, page_type, lang)
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1, "no error summary after a failed submission"
    assert summary.get_attribute("role") == "alert" and summary.get_attribute("tabindex") == "-1"
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), "the summary has no focus"
    if lang == "en":
        assert page.title().startswith("Error:")
    links = summary.locator("a[href^='#']")
    assert links.count() >= 1
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")[1:]
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{target}"
        page.keyboard.press("Enter")
        field = page.evaluate(
            """() => { const el = document.activeElement;
                const described = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
                    .map(id => document.getElementById(id)).filter(Boolean).map(node => node.innerText.trim());
                return {id: el.id, invalid: el.getAttribute('aria-invalid'), described}; }"""
        )
        assert field["id"] == target and field["invalid"] == "true", field
        assert any(text for text in field["described"]), f"the message of {target} is not tied to it"
        # Back to the summary and on to this link, so the next Tab reaches the next one.
        page.locator("[data-error-summary]").focus()
        for _ in range(index + 1):
            page.keyboard.press("Tab")
    assert_accessible(page, when="after a failed submission")


def test_feedback_sent_with_the_keyboard_alone_is_thanked(page, live_server):
    open_page(page, live_server, by_name("accessibility"), "en")
    page.keyboard.press("Tab")
    for _ in range(100):
        if page.evaluate("document.activeElement.name") == "message":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the message field is never reached with Tab")
    page.keyboard.type("The language menu is hard to find with a magnifier.")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    status = page.get_by_role("status")
    assert "Thank you" in status.inner_text()
    assert_accessible(page, when="after sending feedback")
