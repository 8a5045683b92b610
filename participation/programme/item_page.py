"""The part of a programme item's page that is the same for every reader of a language.

The item itself (areas, objective, macro-actions, departments) and what other features add
to it with ``register_kept_page_part`` (its progress) is rendered once for each revision of
the programme's content (``OPEN_DATA``), language, address and audience, and kept
(``core/kept.py``); the item's page reads no row of the programme while that rendering is
kept. What changes with every comment or vote (the discussion, support, proposals, the
opinion map) is added for each request by the page's other parts, which receive the item's
``ItemRef``.
"""
from dataclasses import dataclass

from flask import render_template, request

from ..core import revisions
from ..core.i18n import current_language
from ..core.kept import section_cache, with_token, without_token
from ..core.page_parts import kept_audience, kept_page_parts
from ..translations.services import show
from . import services
from .open_data import OPEN_DATA

PAGE = "programme.item"


@dataclass(frozen=True)
class ItemRef:
    """What the page's other parts know of the item."""

    id: int
    slug: str
    code: str


@dataclass(frozen=True)
class KeptItemPage:
    item: ItemRef
    title: str  # the page's title, in its language
    has_progress: bool  # whether the progress section (and so its feed) is on the page
    article_html: str  # breadcrumb and article; a placeholder stands for the reader's CSRF token

    @property
    def size(self):
        return len(self.article_html) + len(self.title) + 100

    @property
    def article(self):
        return with_token(self.article_html)


def _build(slug):
    item = services.get_item_for_page(slug)
    if item is None:
        return None
    parts = kept_page_parts(PAGE, item)
    original = request.args.get("original") == "1"
    title = show(item, "title", current_language().code, machine=not original, original=original).value
    html = render_template("programme/_item_article.html", item=item, **parts)
    return KeptItemPage(ItemRef(item.id, item.slug, item.code), title, "progress_timeline" in parts,
                        without_token(html))


def kept_item_page(slug):
    """The item's ``KeptItemPage``, or None when there is no such item (which is not kept)."""
    revision = revisions.current(OPEN_DATA)  # read first: what is built after it is at least as new
    key = ("item page", slug, revision, current_language().code, request.query_string, kept_audience(PAGE))
    return section_cache().get_or_render(key, lambda: _build(slug))
