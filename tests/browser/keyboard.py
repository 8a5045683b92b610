"""Walking a page with the Tab key and describing what has the focus."""

# Marks every element the keyboard should reach, in document order, so the
# walk can tell which ones it met.
MARK_FOCUSABLES = """() => {
    const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), ' +
        'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), summary';
    // Content of a closed <details> keeps its boxes but is not rendered (content-visibility).
    const shown = el => {
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && style.display !== 'none' && el.getClientRects().length > 0 &&
            (!el.checkVisibility || el.checkVisibility());
    };
    // A group of radio buttons is one Tab stop: its checked option, or its first when none is checked
    // (the arrow keys move within the group).
    const tabStopOfGroup = el => {
        if (el.type !== 'radio' || !el.name) return true;
        const scope = el.form || document;
        const group = [...scope.querySelectorAll('input[type=radio]')].filter(r => r.name === el.name && !r.disabled);
        const checked = group.find(r => r.checked);
        return el === (checked || group[0]);
    };
    const found = [...document.querySelectorAll(selector)].filter(shown).filter(tabStopOfGroup);
    found.forEach((el, index) => el.setAttribute('data-kb', String(index)));
    return found.map(el => ({index: el.getAttribute('data-kb'), tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
        inNav: el.closest('nav') ? (el.closest('nav').getAttribute('aria-label') || 'nav') : null}));
}"""

# What the focused element looks like: its focus indicator and the contrast of
# that indicator with what is drawn around it.
DESCRIBE_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const parse = value => {
        const m = value.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
        return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
    };
    const luminance = c => {
        const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const backgroundAt = (x, y) => {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
        for (const under of document.elementsFromPoint(x, y)) {
            if (under === el || el.contains(under)) continue;
            for (let node = under; node; node = node.parentElement) {
                const color = parse(getComputedStyle(node).backgroundColor);
                if (color && color.a > 0.5) return color;
            }
        }
        return {r: 255, g: 255, b: 255, a: 1};
    };
    el.scrollIntoView({block: 'center', inline: 'center'});
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const outlineWidth = parseFloat(style.outlineWidth) || 0;
    const hasOutline = style.outlineStyle !== 'none' && outlineWidth >= 2;
    const hasShadow = style.boxShadow && style.boxShadow !== 'none';
    let minContrast = null;
    if (hasOutline) {
        const colour = parse(style.outlineColor);
        const gap = (parseFloat(style.outlineOffset) || 0) + outlineWidth + 2;
        const points = [[rect.left - gap, rect.top + rect.height / 2], [rect.right + gap, rect.top + rect.height / 2],
                        [rect.left + rect.width / 2, rect.top - gap], [rect.left + rect.width / 2, rect.bottom + gap]];
        for (const [x, y] of points) {
            const around = backgroundAt(x, y);
            if (around && colour) {
                const ratio = contrast(colour, around);
                minContrast = minContrast === null ? ratio : Math.min(minContrast, ratio);
            }
        }
    }
    return {
        index: el.getAttribute('data-kb'),
        tag: el.tagName.toLowerCase(),
        id: el.id,
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
        visible: rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0',
        hasOutline, hasShadow, minContrast,
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    };
}"""


def focus_document_start(page):
    """Move the keyboard's starting point to the top of the document, as on a fresh load."""
    page.evaluate(
        """() => {
            const start = document.createElement('span');
            start.tabIndex = -1;
            document.body.prepend(start);
            start.focus();
        }"""
    )


def tab_through(page, limit=2000):
    """Press Tab until the focus leaves the page or comes back; return the description of each stop.

    The limit is far above the longest page (the translation status table has some 700 links).
    """
    stops = []
    seen = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(DESCRIBE_FOCUS)
        if stop is None:
            break
        key = (stop["index"], stop["tag"], stop["id"], stop["text"])
        if key in seen:
            break
        seen.add(key)
        stops.append(stop)
    return stops
