"""The one place where text from people becomes HTML.

Text is cleaned once, when it is saved; the clean HTML is stored beside the
raw text and templates render only that output.
"""
import html
import re

import bleach
from bleach.linkifier import Linker

ALLOWED_TAGS = frozenset({"p", "br", "a", "ul", "ol", "li", "strong", "em", "b", "i"})
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not re.match(r"^(https?:|mailto:)", href, re.IGNORECASE):
        return None  # drop the link, keep its text
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)


def clean(markup):
    """Reduce any HTML to the allowlist; what is not allowed is escaped away."""
    return bleach.clean(
        markup or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def plain_text_to_html(text):
    """Plain text from a resident to safe HTML.

    Paragraphs (blank lines) and line breaks are kept, web addresses become
    links with ``rel="nofollow ugc noopener"``; nothing else is markup.
    """
    text = normalise_text(text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    parts = []
    for paragraph in paragraphs:
        escaped = html.escape(paragraph.strip(), quote=False)
        parts.append("<p>" + escaped.replace("\n", "<br>") + "</p>")
    linked = _linker.linkify("".join(parts))
    return clean(linked)


def normalise_text(text):
    """Unify line endings and drop control characters that have no place in text."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def strip_tags(markup):
    """Plain text of an HTML fragment, entities decoded."""
    return html.unescape(bleach.clean(markup or "", tags=set(), strip=True))
