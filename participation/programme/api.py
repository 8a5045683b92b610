"""Open data: the programme as JSON and CSV, described by an OpenAPI document."""
import csv
import io

from cachetools import LRUCache
from flask import Response, current_app, jsonify, request, url_for

from ..core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..translations.services import show
from . import api_bp, services
from .open_data import csv_cells, csv_headers, extra_item_data, open_data_state
from .openapi import openapi_document

# Documents kept for each (document, language, address of the site): a few per server. The address
# is in the key because the links are absolute; the cache's size bounds what odd Host headers cost.
_KEPT_DOCUMENTS = 64


def _kept(key, build):
    """The body ``build()`` makes for ``key``, kept in this process until the open data's state changes."""
    kept = current_app.extensions.get("programme open data")
    if kept is None:
        kept = current_app.extensions["programme open data"] = LRUCache(_KEPT_DOCUMENTS)
    state = open_data_state()  # read first: what is built after it is at least as new
    key = (*key, request.host_url)
    found = kept.get(key)
    if found is not None and found[0] == state:
        return found[1]
    body = build()
    kept[key] = (state, body)
    return body


def _language_arg():
    """``?lang=``: the language of the content; Italian (the originals) when absent or unknown."""
    code = request.args.get("lang", DEFAULT_LANGUAGE)
    return code if code in LANGUAGES else None


class _Reader:
    """The content of programme entities in one language, noting the language of each field."""

    def __init__(self, language):
        self.language = language

    def field(self, entity, name, languages):
        shown = show(entity, name, self.language)
        if self.language != DEFAULT_LANGUAGE:
            languages[name] = LANGUAGES[shown.language].tag
        return shown.value

    def departments(self, item, languages):
        names = [show(department, "name", self.language) for department in item.departments]
        if self.language != DEFAULT_LANGUAGE:
            languages["departments"] = [LANGUAGES[name.language].tag for name in names]
        return [name.value for name in names]

    def url(self, endpoint, **values):
        return url_for(endpoint, lang_code=self.language, _external=True, **values)


def area_summary(area, reader):
    languages = {}
    summary = {"number": area.number, "title": reader.field(area, "title", languages)}
    return summary, languages


def item_to_dict(item, reader, extra=None):
    languages = {}
    data = {
        "id": item.id,
        "point": item.point,
        "code": item.code,
        "areas": [link.area_number for link in item.area_links],
        "title": reader.field(item, "title", languages),
        "slug": item.slug,
        "objective": reader.field(item, "objective", languages),
        "macro_actions": reader.field(item, "macro_actions", languages),
        "departments": reader.departments(item, languages),
        "url": reader.url("programme.item", slug=item.slug),
    }
    data.update(extra if extra is not None else extra_item_data([item.id])[item.id])
    if languages:  # asked with ?lang=: the language of each field, "it" where the original stands in
        data["languages"] = languages
    return data


def _unknown_language():
    return jsonify({"error": "unknown_language",
                    "message": f"Unknown language; use one of {', '.join(LANGUAGES)}."}), 400


@api_bp.get("/api/v1/programme")
def programme():
    language = _language_arg()
    if language is None:
        return _unknown_language()
    return Response(_kept(("json", language), lambda: _programme_json(language)), mimetype="application/json")


def _programme_json(language):
    reader = _Reader(language)
    prog = services.get_programme()
    areas = []
    for area, count in services.list_areas_with_counts():
        summary, languages = area_summary(area, reader)
        summary.update(intro=reader.field(area, "intro", languages), item_count=count,
                       url=reader.url("programme.area", number=area.number))
        if languages:
            summary["languages"] = languages
        areas.append(summary)
    items = services.all_items()
    extra = extra_item_data(item.id for item in items)
    return jsonify(
        {
            "title": prog.title if prog else None,
            "language": language,
            "areas": areas,
            "items": [item_to_dict(item, reader, extra[item.id]) for item in items],
        }
    ).get_data()


@api_bp.get("/api/v1/items/<int:item_id>")
def item(item_id):
    language = _language_arg()
    if language is None:
        return _unknown_language()
    found = services.get_item(item_id)
    if found is None:
        return jsonify({"error": "not_found", "message": f"No programme item with id {item_id}."}), 404
    return jsonify(item_to_dict(found, _Reader(language)))


@api_bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(openapi_document())


def _macro_actions_text(blocks):
    lines = []
    for block in blocks:
        if block["type"] == "paragraph":
            lines.append(block["text"])
        else:
            lines.extend(f"- {entry}" for entry in block["items"])
    return "\n".join(lines)


@api_bp.get("/programme.csv")
def programme_csv():
    # A byte-order mark lets spreadsheet programs recognise UTF-8.
    return Response(
        _kept(("csv",), _programme_csv),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=programme.csv"},
        content_type="text/csv; charset=utf-8",
    )


def _programme_csv():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "code", "point", "areas", "title", "slug", "objective", "macro_actions", "departments", "url",
                     *csv_headers()])
    items = services.all_items()
    extra = extra_item_data(item.id for item in items)
    for item in items:
        writer.writerow(
            [
                item.id,
                item.code,
                item.point,
                ";".join(str(link.area_number) for link in item.area_links),
                item.title,
                item.slug,
                item.objective,
                _macro_actions_text(item.macro_actions),
                "; ".join(d.name for d in item.departments),
                url_for("programme.item", slug=item.slug, lang_code="it", _external=True),
                *csv_cells(extra[item.id]),
            ]
        )
    return "\ufeff" + buffer.getvalue()
