"""The opinion map section: without JavaScript, right to left, with the keyboard (axe and the HTML checker
run on it as the page types "item-opinion-map" and "item-opinion-map-resident", pages.py)."""
import pytest

from .browsing import USER_AGENT, open_page
from .pages import by_name


def test_the_map_is_drawn_on_the_server_and_read_without_javascript(browser, live_server):
    context = browser.new_context(user_agent=USER_AGENT, java_script_enabled=False)
    try:
        page = context.new_page()
        open_page(page, live_server, by_name("item-opinion-map"), "en")
        section = page.locator("section.opinion-map")
        assert section.locator("svg.opinion-svg use").count() == 12  # a dot per participant
        assert section.get_by_role("img", name="Map of the groups of opinion").count() == 1
        rows = section.locator("table.opinion-table tbody tr")
        assert rows.count() == 2 and "Group A" in rows.first.inner_text()
        assert "You are in group" not in section.inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_the_map_reads_right_to_left(page, live_server, lang):
    open_page(page, live_server, by_name("item-opinion-map"), lang)
    headers = page.evaluate("[...document.querySelectorAll('.opinion-table thead th')]"
                            ".map(th => th.getBoundingClientRect().left)")
    assert len(headers) == 4 and headers == sorted(headers, reverse=True)  # the first column on the right
    section, heading = (page.evaluate(f"document.querySelector('{s}').getBoundingClientRect().right")
                        for s in ("section.opinion-map", "section.opinion-map h2"))
    assert abs(section - heading) <= 2


def test_a_resident_reaches_the_comments_of_the_map_with_the_keyboard(page, live_server):
    open_page(page, live_server, by_name("item-opinion-map-resident"), "en")
    assert "Only you can see this." in page.locator(".opinion-yours").inner_text()
    links = page.locator("section.opinion-map a")
    assert links.count() >= 1
    href = links.first.get_attribute("href")
    links.first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href) or "#comment-" in page.url
