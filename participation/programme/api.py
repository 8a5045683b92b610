"""Open data: the programme as JSON and CSV, described by an OpenAPI document."""
import csv
import io

from flask import Response, jsonify, request, url_for

from ..core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..translations.services import show
from . import api_bp, services
from .open_data import item_fields, openapi_document
from .openapi import OPENAPI


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


def item_to_dict(item, reader):
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
    if languages:  # asked with ?lang=: the language of each field, "it" where the original stands in
        data["languages"] = languages
    return data


def _items_with_fields(items, reader):
    """The items as the API gives them, with the fields other features add (``open_data.py``)."""
    fields = item_fields([item.id for item in items])
    return [{**item_to_dict(item, reader), **fields[item.id]} for item in items]


def _unknown_language():
    return jsonify({"error": "unknown_language",
                    "message": f"Unknown language; use one of {', '.join(LANGUAGES)}."}), 400


@api_bp.get("/api/v1/programme")
def programme():
    language = _language_arg()
    if language is None:
        return _unknown_language()
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
    return jsonify(
        {
            "title": prog.title if prog else None,
            "language": language,
            "areas": areas,
            "items": _items_with_fields(services.all_items(), reader),
        }
    )


@api_bp.get("/api/v1/items/<int:item_id>")
def item(item_id):
    language = _language_arg()
    if language is None:
        return _unknown_language()
    found = services.get_item(item_id)
    if found is None:
        return jsonify({"error": "not_found", "message": f"No programme item with id {item_id}."}), 404
    return jsonify(_items_with_fields([found], _Reader(language))[0])


@api_bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(openapi_document(OPENAPI))


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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "code", "point", "areas", "title", "slug", "objective", "macro_actions", "departments", "url"])
    for item in services.all_items():
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
            ]
        )
    # A byte-order mark lets spreadsheet programs recognise UTF-8.
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=programme.csv"},
        content_type="text/csv; charset=utf-8",
    )
