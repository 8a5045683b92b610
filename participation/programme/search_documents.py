"""Programme items in the search index, in Italian and in every language they are translated
into, and the areas the search page filters by."""
from collections import defaultdict

from flask import has_request_context, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.i18n import current_language
from ..extensions import db
from ..search.document_types import (
    DocumentType,
    Inherited,
    register_area_choices,
    register_document_type,
    register_indexed_through,
)
from ..search.documents import document_row
from ..translations.models import ContentTranslation
from ..translations.services import is_empty, show
from .models import ItemArea, ProgrammeItem
from .services import list_areas_with_counts

TRANSLATED_FIELDS = ("title", "objective", "macro_actions")


def block_text(value):
    """Every string in a programme item's macro-action blocks (paragraphs, list entries)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key != "type" for text in block_text(item)]
    if isinstance(value, list):
        return [text for item in value for text in block_text(item)]
    return []


def areas_of_items(item_ids):
    """``{item id: {area number}}`` of the items ``item_ids``."""
    areas = defaultdict(set)
    if item_ids:
        for item_id, number in db.session.execute(
            select(ItemArea.item_id, ItemArea.area_number).where(ItemArea.item_id.in_(item_ids))
        ):
            areas[item_id].add(number)
    return areas


def _body(objective, macro_actions):
    return "\n".join([objective or "", *block_text(macro_actions or [])])


def _translations_of_items(item_ids):
    """``{item id: {language: {field: value}}}`` of the items' stored translations."""
    found = defaultdict(lambda: defaultdict(dict))
    if item_ids:
        for row in db.session.scalars(
            select(ContentTranslation).where(ContentTranslation.entity_type == "item",
                                             ContentTranslation.entity_id.in_(item_ids))
        ):
            if not is_empty(row.value):
                found[row.entity_id][row.language][row.field] = row.value
    return found


def item_documents(ids):
    """An item's Italian document, and one per language it is translated into, made of
    the translated fields only (its Italian title is shown, not matched, where the title
    has no translation)."""
    items = db.session.scalars(select(ProgrammeItem).where(ProgrammeItem.id.in_(ids))).all()
    areas = areas_of_items([item.id for item in items])
    translations = _translations_of_items([item.id for item in items])
    documents = []
    for item in items:
        documents.append(document_row("item", item.id, item.title, _body(item.objective, item.macro_actions),
                                      True, areas[item.id], ref=item.slug))
        for language, fields in sorted(translations[item.id].items()):
            documents.append(document_row(
                "item", item.id, fields.get("title", item.title),
                _body(fields.get("objective"), fields.get("macro_actions")), True, areas[item.id],
                language=language, ref=item.slug, index_title="title" in fields, is_translation=True,
            ))
    return documents


def _items_by_id():
    """Every programme item by id, loaded once per request (91 short rows)."""
    cached = getattr(request, "_search_items", None) if has_request_context() else None
    if cached is None:
        cached = {item.id: item for item in db.session.scalars(select(ProgrammeItem))}
        if has_request_context():
            request._search_items = cached
    return cached


def item_title_in(document, language):
    """``(title, language)`` of an item for a reader of ``language``: its translation, or the Italian."""
    item = _items_by_id().get(document.target_id)
    if item is None:
        return document.title, document.language
    shown = show(item, "title", language or current_language().code)
    return shown.value, shown.language


def _inherited_from_items(ids):
    titles = dict(db.session.execute(select(ProgrammeItem.id, ProgrammeItem.title).where(ProgrammeItem.id.in_(ids))).all())
    areas = areas_of_items(ids)
    return {item_id: Inherited(title, True, areas[item_id]) for item_id, title in titles.items()}


register_document_type(DocumentType(
    name="item",
    label=_l("Programme items"),
    model=ProgrammeItem,
    build=item_documents,
    url=lambda document: url_for("programme.item", slug=document.ref),
    inherited=_inherited_from_items,
    title_in=item_title_in,
))
register_indexed_through(
    ContentTranslation, lambda row: ("item", row.entity_id) if row.entity_type == "item" else None
)

def _area_choices():
    """``(number, label, label's language)`` of every area, in the reader's language where translated."""
    language = current_language().code
    choices = []
    for area, _count in list_areas_with_counts():
        title = show(area, "title", language)
        choices.append((area.number, f"{area.number}. {title.value}", title.language))
    return choices


register_area_choices(_area_choices)
