"""Programme items in the search index, and the areas the search page filters by."""
from collections import defaultdict

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..search.document_types import DocumentType, Inherited, register_area_choices, register_document_type
from ..search.documents import document_row
from .models import ItemArea, ProgrammeItem
from .services import list_areas_with_counts


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


def item_documents(ids):
    items = db.session.scalars(select(ProgrammeItem).where(ProgrammeItem.id.in_(ids))).all()
    areas = areas_of_items([item.id for item in items])
    return [
        document_row("item", item.id, item.title,
                     "\n".join([item.objective or "", *block_text(item.macro_actions or [])]),
                     True, areas[item.id], ref=item.slug)
        for item in items
    ]


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
))

register_area_choices(lambda: [(area.number, f"{area.number}. {area.title}") for area, _count in list_areas_with_counts()])
