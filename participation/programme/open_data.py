"""What the features above the programme add to its open data: fields of an item, and their own routes.

A feature registers a field of ``/api/v1/items/<id>`` (its JSON Schema and a
function of the item giving its value) or routes of its own with their
schemas; the OpenAPI document is the programme's with every registration.
"""
import copy

ITEM_FIELDS = {}  # name -> (schema, values(item ids) -> {item id: value})
API_PATHS = {}
API_SCHEMAS = {}


def register_item_field(name, schema, values, empty=None):
    """Add ``name`` (described by ``schema``) to every item of the API: ``values(item ids)`` gives
    ``{item id: value}`` in one go, ``empty()`` the value of an item it does not name."""
    ITEM_FIELDS[name] = (schema, values, empty or (lambda: None))


def register_api(paths, schemas=None):
    """Describe routes of another feature (``paths``, with the ``schemas`` they refer to) in the document."""
    API_PATHS.update(paths)
    API_SCHEMAS.update(schemas or {})


def item_fields(item_ids):
    """{item id: {name: value}} of every registered field for the items ``item_ids``."""
    found = {item_id: {} for item_id in item_ids}
    for name, (_schema, values, empty) in ITEM_FIELDS.items():
        loaded = values(item_ids)
        for item_id in item_ids:
            found[item_id][name] = loaded.get(item_id, empty())
    return found


def openapi_document(base):
    """``base`` (the programme's document) with every registered field, path and schema."""
    document = copy.deepcopy(base)
    document["paths"].update(copy.deepcopy(API_PATHS))
    schemas = document["components"]["schemas"]
    schemas.update(copy.deepcopy(API_SCHEMAS))
    for name, (schema, _values, _empty) in ITEM_FIELDS.items():
        schemas["Item"]["properties"][name] = copy.deepcopy(schema)
    return document
