"""Reflow, text size, motion and colour: what a magnifier, a phone or a colour-blind eye needs."""
import pytest

from .browsing import open_page
from .pages import CASE_IDS, CASES, PAGES, by_name

# Elements wider than the window: the sideways-scroll culprits, for the message.
SIDEWAYS = """() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits = [...document.body.querySelectorAll('*')]
        .filter(el => el.getBoundingClientRect().right > width + 1 || el.getBoundingClientRect().left < -1)
        .filter(el => getComputedStyle(el).position !== 'absolute' || el.getBoundingClientRect().width > 2)
        .slice(0, 8)
        .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(el.getBoundingClientRect().left)}..${Math.round(el.getBoundingClientRect().right)}`);
    return {scrollWidth: root.scrollWidth, clientWidth: width, culprits};
}"""

# Elements that hide their overflow and whose content does not fit: clipped text.
CLIPPED = """() => {
    const clipping = value => ['hidden', 'clip'].includes(value);
    return [...document.querySelectorAll('body *')].filter(el => {
        const style = getComputedStyle(el);
        if (!clipping(style.overflowX) && !clipping(style.overflowY) && style.textOverflow !== 'ellipsis') return false;
        if (!el.innerText || !el.innerText.trim()) return false;
        const rect = el.getBoundingClientRect();
        if (rect.width <= 1 && rect.height <= 1) return false;  // visually hidden on purpose, read by screen readers
        return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    }).map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.innerText.trim().slice(0, 40)}`);
}"""

MOTION = """() => {
    const seconds = value => value.split(',').map(part => {
        part = part.trim();
        return part.endsWith('ms') ? parseFloat(part) / 1000 : parseFloat(part) || 0;
    });
    const moving = [];
    for (const el of document.querySelectorAll('*')) {
        for (const pseudo of [null, '::before', '::after']) {
            const style = getComputedStyle(el, pseudo);
            const longest = Math.max(...seconds(style.transitionDuration), ...(
                style.animationName !== 'none' ? seconds(style.animationDuration) : [0]));
            if (longest > 0.01) moving.push(`<${el.tagName.toLowerCase()}${pseudo || ''} class="${el.className}"> ${longest}s`);
        }
    }
    return moving;
}"""


def _sideways(page):
    result = page.evaluate(SIDEWAYS)
    return result if result["scrollWidth"] > result["clientWidth"] else None


@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=CASE_IDS)
def test_nothing_scrolls_sideways_at_320_px(page, live_server, page_type, lang):
    page.set_viewport_size({"width": 320, "height": 640})
    open_page(page, live_server, page_type, lang)
    overflow = _sideways(page)
    assert overflow is None, f"the page scrolls sideways at 320 px: {overflow}"


@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=CASE_IDS)
def test_text_at_200_percent_is_not_cut_off(page, live_server, page_type, lang):
    page.set_viewport_size({"width": 640, "height": 900})
    open_page(page, live_server, page_type, lang)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 31
    clipped = page.evaluate(CLIPPED)
    assert not clipped, "text cut off at 200%: " + "; ".join(clipped)
    overflow = _sideways(page)
    assert overflow is None, f"the page scrolls sideways at 640 px with text at 200%: {overflow}"


def test_clipping_check_notices_cut_text(page, live_server):
    """The 200% check itself notices a box that hides its overflowing text."""
    open_page(page, live_server, by_name("about"), "en")
    page.add_style_tag(content="main h1 { block-size: 1rem; overflow: hidden; }")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert any("<h1" in entry for entry in page.evaluate(CLIPPED))


@pytest.mark.parametrize("page_type", PAGES, ids=[page_type.name for page_type in PAGES])
def test_reduced_motion_is_honoured(page, live_server, page_type):
    page.emulate_media(reduced_motion="reduce")
    open_page(page, live_server, page_type, "it")
    moving = page.evaluate(MOTION)
    assert not moving, "moves although the visitor asked for reduced motion: " + "; ".join(moving)


def test_reduced_motion_stops_motion_added_later(page, live_server):
    """The stylesheet's reduced-motion rule also stops animations a later rule adds."""
    probe_css = (
        "@keyframes probe-spin { to { transform: rotate(1turn); } }"
        ".probe { transition: opacity 2s; animation: probe-spin 3s infinite; }"
    )
    open_page(page, live_server, by_name("home"), "en")
    page.add_style_tag(content=probe_css)
    page.evaluate("document.querySelector('main h1').classList.add('probe')")
    assert any("probe" in entry for entry in page.evaluate(MOTION)), "the motion check sees nothing"

    page.emulate_media(reduced_motion="reduce")
    assert not page.evaluate(MOTION)


@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=CASE_IDS)
def test_links_in_text_are_underlined(page, live_server, page_type, lang):
    open_page(page, live_server, page_type, lang)
    plain = page.evaluate(
        """() => [...document.querySelectorAll('main p a[href], main li a[href], main dd a[href], main td a[href], footer a[href]')]
            .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
            .map(a => a.innerText.trim().slice(0, 40))"""
    )
    assert not plain, f"links told apart from text by colour alone: {plain}"


@pytest.mark.parametrize("lang", ["it", "en", "ar"])
def test_current_language_is_marked_not_only_by_colour(page, live_server, lang):
    open_page(page, live_server, by_name("area"), lang)
    links = page.evaluate(
        """() => [...document.querySelectorAll('a[hreflang]')].filter(a => a.closest('nav')).map(a => {
            const style = getComputedStyle(a);
            return {hreflang: a.hreflang, lang: a.lang, current: a.getAttribute('aria-current'),
                    look: [style.fontWeight, style.textDecorationThickness, style.textDecorationLine,
                           style.borderBottomWidth, style.backgroundColor].join(' ')};
        })"""
    )
    assert len(links) == 7 and all(link["lang"] == link["hreflang"] for link in links)
    current = [link for link in links if link["current"]]
    assert [link["hreflang"] for link in current] == [lang]
    assert current[0]["current"] in ("true", "page")
    others = {link["look"] for link in links if not link["current"]}
    assert current[0]["look"] not in others, "the current language differs from the others only by colour"


def test_sideways_check_notices_a_wide_element(page, live_server):
    """The reflow check itself notices an element wider than a 320 px window."""
    page.set_viewport_size({"width": 320, "height": 640})
    open_page(page, live_server, by_name("about"), "en")
    page.add_style_tag(content="main h1 { inline-size: 500px; }")
    assert _sideways(page) is not None
