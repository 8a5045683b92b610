"""Reflow, text size, motion and colour: what a magnifier, a phone or a colour-blind eye needs."""
from dataclasses import replace

import pytest

from .browsing import open_page
from .pages import CASE_IDS, CASES, PAGES, STRUCTURE_LANGUAGES, PageType, by_name, cases_in, discussed_item_path

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


# Both reflow checks on one visit: the page is opened at 320 px, then the window widened to 640 px
# and the text doubled (the layout follows the window, as it does when a phone turns).
@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=CASE_IDS)
def test_nothing_scrolls_sideways_at_320_px_nor_is_cut_off_with_text_at_200_percent(page, live_server, page_type,
                                                                                     lang):
    page.set_viewport_size({"width": 320, "height": 640})
    open_page(page, live_server, page_type, lang)
    overflow = _sideways(page)
    assert overflow is None, f"the page scrolls sideways at 320 px: {overflow}"

    page.set_viewport_size({"width": 640, "height": 900})
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


@pytest.mark.parametrize(("page_type", "lang"), **cases_in(STRUCTURE_LANGUAGES))
def test_links_in_text_are_underlined(page, live_server, page_type, lang):
    open_page(page, live_server, page_type, lang)
    plain = page.evaluate(
        """() => [...document.querySelectorAll('main p a[href], main li a[href], main dd a[href], main td a[href], footer a[href]')]
            .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
            .map(a => a.innerText.trim().slice(0, 40))"""
    )
    assert not plain, f"links told apart from text by colour alone: {plain}"


@pytest.mark.parametrize("lang", ["it", "en", "ar", "ur", "zh"])
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
    assert len(links) == 10
    assert all(link["lang"] == {"pa": "pa-Guru", "zh": "zh-Hans"}.get(link["hreflang"], link["hreflang"]) for link in links)
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


# Each radio button of the main content with the box of its <label for>, and the writing direction.
RADIOS = """() => [...document.querySelectorAll('main input[type="radio"]')].map(radio => {
    const label = document.querySelector(`label[for="${radio.id}"]`);
    const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    return {id: radio.id, text: label ? label.innerText.trim() : null, radio: box(radio), label: label ? box(label) : null,
            rtl: getComputedStyle(radio).direction === 'rtl'};
})"""


def _report_path(lang, _seeded):
    """The report form of a comment the resident did not write (one of the long thread's)."""
    from sqlalchemy import select

    from participation.accounts.models import User
    from participation.discussion.models import Comment
    from participation.extensions import db

    resident = db.session.scalar(select(User.id).where(User.email == "resident@example.org"))
    comment_id = db.session.scalar(
        select(Comment.id).where(Comment.author_id != resident, Comment.parent_id.is_(None)).order_by(Comment.id))
    return f"/{lang}/report/comment/{comment_id}"


RADIO_FORMS = [
    PageType("comment-form", discussed_item_path, login_as="resident"),
    PageType("report-form", _report_path, login_as="resident"),
    PageType("notification-settings", "/{lang}/notifications/settings", login_as="resident"),
]


def _radios_apart(page):
    """What is wrong with the radio buttons of the page: one line per radio not beside its label."""
    radios = page.evaluate(RADIOS)
    assert len(radios) >= 3, "the page shows no radio group"
    problems = []
    for radio in radios:
        box, label = radio["radio"], radio["label"]
        if label is None:
            problems.append(f"{radio['id']} has no label")
            continue
        middle = (box["top"] + box["bottom"]) / 2
        # The label follows the circle in the reading direction, close to it, on the same line.
        gap = box["left"] - label["right"] if radio["rtl"] else label["left"] - box["right"]
        if box["right"] - box["left"] > 32:
            problems.append(f"{radio['text']!r}: its radio is a {box['right'] - box['left']:.0f} px wide block")
        elif not label["top"] <= middle <= min(label["bottom"], label["top"] + 32):
            problems.append(f"{radio['text']!r}: not on the line of its radio ({box} {label})")
        elif not 0 <= gap <= 16:
            problems.append(f"{radio['text']!r}: {gap:.0f} px from its radio")
    return problems


@pytest.mark.parametrize("lang", ["en", "ar", "ur"])
@pytest.mark.parametrize("form_page", RADIO_FORMS, ids=[form_page.name for form_page in RADIO_FORMS])
def test_each_radio_button_sits_beside_its_label(page, live_server, form_page, lang):
    open_page(page, live_server, form_page, lang)
    problems = _radios_apart(page)
    assert not problems, f"{form_page.name} ({lang}): " + "; ".join(problems)


def test_radio_check_notices_a_label_far_from_its_radio(page, live_server):
    """The check itself notices the wide radio blocks of a stylesheet without the choice rules."""
    open_page(page, live_server, RADIO_FORMS[2], "en")
    page.add_style_tag(
        content="main .choice { display: block !important; } main .choice input { display: block !important; inline-size: 30rem !important; }")
    assert any("wide block" in problem for problem in _radios_apart(page))
    page.add_style_tag(content="main .choice input { display: inline-block !important; inline-size: 1rem !important; margin-inline-end: 200px !important; }")
    assert any("px from its radio" in problem for problem in _radios_apart(page))


# Buttons that kept the browser's own look (its small system font) although the site styles its buttons.
UNSTYLED_BUTTONS = """() => {
    const font = getComputedStyle(document.body).fontFamily;
    return [...document.querySelectorAll('button')].filter(b => b.getBoundingClientRect().width > 2)
        .filter(b => getComputedStyle(b).fontFamily !== font)
        .map(b => `<button class="${b.className}"> ${b.innerText.trim().slice(0, 30)}`);
}"""

# Lists laid out as a row (flex or grid) that still draw their bullets.
BULLETED_ROWS = """() => [...document.querySelectorAll('ul, ol')]
    .filter(list => ['flex', 'grid', 'inline-flex'].includes(getComputedStyle(list).display))
    .filter(list => [...list.children].some(li => getComputedStyle(li).display === 'list-item'
        && getComputedStyle(li).listStyleType !== 'none'))
    .map(list => `<${list.tagName.toLowerCase()} class="${list.className}">`)"""

LOOK_PAGES = [
    replace(by_name("proposal"), login_as="resident"),  # the author: "Edit" and "Withdraw"
    by_name("notifications"),
    by_name("item-resident"),
    PageType("search", "/{lang}/search"),
]


@pytest.mark.parametrize("look_page", LOOK_PAGES, ids=[look_page.name for look_page in LOOK_PAGES])
def test_buttons_and_rows_of_links_have_the_sites_look(page, live_server, look_page):
    open_page(page, live_server, look_page, "en")
    assert not page.evaluate(UNSTYLED_BUTTONS), "buttons left with the browser's look"
    assert not page.evaluate(BULLETED_ROWS), "a row of links draws bullets over them"
