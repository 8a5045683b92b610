"""Arabic and Urdu pages are laid out right to left: a screenshot to look at, and the mirroring measured."""
import shutil

import pytest

from .browsing import open_page
from .pages import by_name

# For every bulleted or numbered list in <main>: its direction and on which side it is indented.
LISTS = """() => [...document.querySelectorAll('main ul, main ol')]
    .filter(list => getComputedStyle(list).listStyleType !== 'none' && list.querySelector('li'))
    .map(list => {
        const style = getComputedStyle(list);
        const outer = list.getBoundingClientRect(), inner = list.querySelector('li').getBoundingClientRect();
        return {direction: style.direction, lang: list.closest('[lang]').lang,
                paddingLeft: parseFloat(style.paddingLeft), paddingRight: parseFloat(style.paddingRight),
                gapLeft: inner.left - outer.left, gapRight: outer.right - inner.right};
    })"""


def _box(page, selector):
    return page.evaluate(
        "(selector) => { const r = document.querySelector(selector).getBoundingClientRect();"
        " return {left: r.left, right: r.right, width: r.width}; }",
        selector,
    )


def _assert_lists_indented_at_inline_start(lists):
    for entry in lists:
        start, end = ("paddingRight", "paddingLeft") if entry["direction"] == "rtl" else ("paddingLeft", "paddingRight")
        assert entry[start] > entry[end], entry
        # The items begin right after the indent, on the same side.
        gap = entry["gapRight"] if entry["direction"] == "rtl" else entry["gapLeft"]
        assert abs(gap - entry[start]) <= 1, entry


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_right_to_left_item_page_is_mirrored(page, live_server, tmp_path, artifacts_dir, lang):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, live_server, by_name("item"), lang)
    screenshot = tmp_path / f"item-{lang}.png"
    page.screenshot(path=str(screenshot), full_page=True)
    shutil.copy(screenshot, artifacts_dir / f"item-{lang}.png")

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    header, brand, menu = _box(page, ".header-row"), _box(page, ".brand"), _box(page, ".main-nav li")
    # The brand sits at the inline start (the right edge of the header); the menu follows to its left.
    assert brand["right"] >= header["right"] - 24 and brand["left"] > header["left"] + header["width"] / 2
    assert menu["right"] < brand["left"]

    # The breadcrumb reads from the right: Home is the rightmost crumb.
    crumbs = page.evaluate("[...document.querySelectorAll('.breadcrumb li')].map(li => li.getBoundingClientRect().left)")
    assert crumbs == sorted(crumbs, reverse=True)

    # Headings of the interface start on the right.
    heading, column = _box(page, "#objective-title"), _box(page, "main .wrap")
    assert abs(heading["right"] - (column["right"] - 16)) <= 2

    # Programme text not yet translated is marked Italian and laid out left to right inside the
    # Arabic page, so its punctuation stays in place; every list is indented on its own start side.
    assert page.evaluate("[document.querySelector('main h1').lang, document.querySelector('main h1').dir]") == ["it", "ltr"]
    lists = page.evaluate(LISTS)
    assert lists, "the item page shows no list"
    _assert_lists_indented_at_inline_start(lists)


@pytest.mark.parametrize("lang", ["ar", "ur"])
@pytest.mark.parametrize("name", ["home", "how-to-take-part", "accessibility"])
def test_right_to_left_lists_have_bullets_on_the_right(page, live_server, name, lang):
    open_page(page, live_server, by_name(name), lang)
    lists = [entry for entry in page.evaluate(LISTS) if entry["lang"] == lang]
    assert lists and all(entry["direction"] == "rtl" for entry in lists)
    _assert_lists_indented_at_inline_start(lists)


def test_italian_item_page_is_left_to_right(page, live_server):
    """The same measures give the opposite answer in Italian, so the Arabic test can fail."""
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, live_server, by_name("item"), "it")
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    header, brand = _box(page, ".header-row"), _box(page, ".brand")
    assert brand["left"] <= header["left"] + 24
    assert page.evaluate("document.querySelector('main h1').hasAttribute('lang')") is False


def test_urdu_is_set_in_a_nastaliq_face_where_the_system_has_one(page, live_server):
    """The stylesheet asks for Nastaliq first for Urdu; Chinese and Punjabi get faces of their script."""
    open_page(page, live_server, by_name("about"), "ur")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Nastaliq Urdu"'), family
    open_page(page, live_server, by_name("about"), "zh")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans CJK SC"')


def test_staff_pages_run_right_to_left_too(page, live_server):
    open_page(page, live_server, by_name("translations-admin"), "ur")
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
