"""Open data: the programme as JSON and CSV, described by an OpenAPI document."""
import csv
import io

from flask import Response, jsonify, url_for

from . import api_bp, services
from .openapi import OPENAPI


def area_summary(area):
    return {"number": area.number, "title": area.title}


def item_to_dict(item):
    return {
        "id": item.id,
        "point": item.point,
        "code": item.code,
        "areas": [link.area_number for link in item.area_links],
        "title": item.title,
        "slug": item.slug,
        "objective": item.objective,
        "macro_actions": item.macro_actions,
        "departments": [d.name for d in item.departments],
        "url": url_for("programme.item", slug=item.slug, lang_code="it", _external=True),
    }


@api_bp.get("/api/v1/programme")
def programme():
    prog = services.get_programme()
    areas = services.list_areas_with_counts()
    return jsonify(
        {
            "title": prog.title if prog else None,
            "areas": [
                dict(area_summary(area), intro=area.intro, item_count=count,
                     url=url_for("programme.area", number=area.number, lang_code="it", _external=True))
                for area, count in areas
            ],
            "items": [item_to_dict(item) for item in services.all_items()],
        }
    )


@api_bp.get("/api/v1/items/<int:item_id>")
def item(item_id):
    found = services.get_item(item_id)
    if found is None:
        return jsonify({"error": "not_found", "message": f"No programme item with id {item_id}."}), 404
    return jsonify(item_to_dict(found))


@api_bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(OPENAPI)


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
