"""OpenAPI 3.1 description of the open-data API.

Features above the programme that serve open data of their own describe
their paths with ``describe_paths`` (the programme does not import them).
"""

_BLOCK = {
    "oneOf": [
        {
            "type": "object",
            "required": ["type", "text"],
            "properties": {"type": {"const": "paragraph"}, "text": {"type": "string"}},
        },
        {
            "type": "object",
            "required": ["type", "items"],
            "properties": {"type": {"const": "list"}, "items": {"type": "array", "items": {"type": "string"}}},
        },
    ]
}

_ITEM = {
    "type": "object",
    "required": ["id", "point", "code", "areas", "title", "slug", "objective", "macro_actions", "departments", "url"],
    "properties": {
        "id": {"type": "integer"},
        "point": {"type": "string", "description": "The programme point as printed, e.g. '3 - 4'."},
        "code": {"type": "string", "description": "Area number and position in the area, e.g. '3.4'."},
        "areas": {"type": "array", "items": {"type": "integer"}},
        "title": {"type": "string"},
        "slug": {"type": "string"},
        "objective": {"type": "string"},
        "macro_actions": {"type": "array", "items": {"$ref": "#/components/schemas/Block"}},
        "departments": {"type": "array", "items": {"type": "string"}},
        "url": {"type": "string", "format": "uri"},
        "languages": {"$ref": "#/components/schemas/Languages"},
    },
}

_LANGUAGES = {
    "type": "object",
    "description": "With ?lang=: the language (BCP 47) each field is in; \"it\" where the Italian original "
                   "stands in for a missing translation. Departments: one language per name.",
    "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
}

_LANG_PARAMETER = {
    "name": "lang", "in": "query", "required": False,
    "description": "The language of the content (default it, the original): one of it, en, ro, sq, ar, fr, uk, "
                   "pa, zh, ur. Untranslated fields stay in Italian, as ``languages`` says.",
    "schema": {"type": "string", "enum": ["it", "en", "ro", "sq", "ar", "fr", "uk", "pa", "zh", "ur"]},
}

_BAD_LANGUAGE = {
    "description": "Unknown language",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}

_AREA = {
    "type": "object",
    "required": ["number", "title", "intro", "item_count", "url"],
    "properties": {
        "number": {"type": "integer"},
        "title": {"type": "string"},
        "intro": {"type": "array", "items": {"type": "string"}},
        "item_count": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
        "languages": {"$ref": "#/components/schemas/Languages"},
    },
}

_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Partecipa open data",
        "version": "1.0.0",
        "description": "The municipality's programme: areas and programme items.",
        "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    },
    "paths": {
        "/api/v1/programme": {
            "get": {
                "operationId": "getProgramme",
                "summary": "The whole programme",
                "parameters": [_LANG_PARAMETER],
                "responses": {
                    "200": {
                        "description": "Areas and items",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["title", "areas", "items"],
                                    "properties": {
                                        "title": {"type": ["string", "null"]},
                                        "language": {"type": "string"},
                                        "areas": {"type": "array", "items": {"$ref": "#/components/schemas/Area"}},
                                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                                    },
                                }
                            }
                        },
                    },
                    "400": _BAD_LANGUAGE,
                },
            }
        },
        "/api/v1/items/{item_id}": {
            "get": {
                "operationId": "getItem",
                "summary": "One programme item",
                "parameters": [
                    {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
                    _LANG_PARAMETER,
                ],
                "responses": {
                    "200": {
                        "description": "The item",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                    },
                    "400": _BAD_LANGUAGE,
                    "404": {
                        "description": "No such item",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                },
            }
        },
    },
    "components": {"schemas": {"Item": _ITEM, "Area": _AREA, "Block": _BLOCK, "Error": _ERROR,
                               "Languages": _LANGUAGES}},
}


def describe_paths(paths, schemas):
    """Add ``paths`` and component ``schemas`` (dicts, as in OpenAPI) to the document; returns nothing."""
    OPENAPI["paths"].update(paths)
    OPENAPI["components"]["schemas"].update(schemas)
