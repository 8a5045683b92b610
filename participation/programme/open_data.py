"""What other features add to the open data: fields of each item (JSON, CSV and the OpenAPI
document), and the description of routes of their own.

A feature above the programme registers an ``ItemData`` beside its models: the programme's API
calls ``load`` once for all the items a response carries, so adding data costs a fixed number of
queries, and never imports the feature. A feature serving routes of its own describes them with
``register_api`` so the one OpenAPI document covers the whole API.

The whole programme's JSON and CSV are kept, built again only when ``open_data_state`` changes:
the revision ``OPEN_DATA`` (which moves with every change to a row of the programme, of its
translations or of a model an ``ItemData`` names) and each ``ItemData``'s ``state``.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core import revisions
from ..translations.models import ContentTranslation
from .models import Area, Department, ItemArea, ItemDepartment, Programme, ProgrammeItem

OPEN_DATA = "programme open data"
revisions.track(OPEN_DATA, Programme, Area, ProgrammeItem, ItemArea, Department, ItemDepartment, ContentTranslation)

ITEM_DATA = []
API_PATHS = {}
API_SCHEMAS = {}


@dataclass(frozen=True)
class ItemData:
    name: str  # the key in each item's JSON
    load: Callable[[list], dict]  # item ids -> {item id: JSON value}; items missing get ``default()``
    schema: dict  # JSON Schema of the value, for the OpenAPI document
    default: Callable[[], Any] = lambda: None
    # CSV columns: (header, value -> cell text)
    csv_columns: tuple = field(default_factory=tuple)
    # The models ``load`` reads: a change to a row of any of them moves the revision ``OPEN_DATA``.
    models: tuple = ()
    # What else the values depend on, read on every request and cheap (how many requests are overdue now).
    state: Callable[[], Any] | None = None


def register_item_data(data):
    ITEM_DATA.append(data)
    revisions.track(OPEN_DATA, *data.models)
    return data


def open_data_state():
    """What the open data of the whole programme is built from: read before the data it describes."""
    return revisions.current(OPEN_DATA), tuple(data.state() for data in ITEM_DATA if data.state is not None)


def register_api(paths, schemas=None):
    """Describe routes of another feature (OpenAPI ``paths``, with the component ``schemas`` they use)."""
    API_PATHS.update(paths)
    API_SCHEMAS.update(schemas or {})


def extra_item_data(item_ids):
    """``{item id: {name: value}}`` of every registered ItemData for these items."""
    item_ids = list(item_ids)
    extra = {item_id: {} for item_id in item_ids}
    for data in ITEM_DATA:
        values = data.load(item_ids)
        for item_id in item_ids:
            extra[item_id][data.name] = values[item_id] if item_id in values else data.default()
    return extra


def csv_headers():
    return [header for data in ITEM_DATA for header, _cell in data.csv_columns]


def csv_cells(values):
    """The CSV cells of one item's registered data ``values`` (from ``extra_item_data``)."""
    return [cell(values[data.name]) for data in ITEM_DATA for _header, cell in data.csv_columns]


def item_schema_properties():
    return {data.name: data.schema for data in ITEM_DATA}
