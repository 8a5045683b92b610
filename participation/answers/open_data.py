"""The City's answers in the open data: an item's open requests, and each department's figures."""
from flask import jsonify
from sqlalchemy import select

from ..core.models import as_utc
from ..extensions import db
from ..programme.models import Department
from . import api_bp
from .figures import department_figures
from .models import AnswerRequest

_FIGURES = {
    "type": "object",
    "required": ["received", "answered", "answered_on_time", "median_days_to_answer", "overdue_now"],
    "properties": {
        "received": {"type": "integer", "minimum": 0},
        "answered": {"type": "integer", "minimum": 0},
        "answered_on_time": {"type": "integer", "minimum": 0},
        "median_days_to_answer": {"type": ["number", "null"]},
        "overdue_now": {"type": "integer", "minimum": 0},
    },
}

ITEM_REQUESTS_SCHEMA = {
    "type": "array",
    "description": "The questions about this item waiting for an answer from the City, with their deadlines.",
    "items": {
        "type": "object",
        "required": ["kind", "asked_at", "due_at", "answered_at", "status"],
        "properties": {
            "kind": {"enum": ["comment", "proposal"]},
            "asked_at": {"type": "string", "format": "date-time"},
            "due_at": {"type": "string", "format": "date-time",
                       "description": "The end of the due day in the City's time zone."},
            "answered_at": {"type": ["string", "null"], "format": "date-time"},
            "status": {"enum": ["open", "overdue"]},
        },
    },
}

ANSWER_SCHEMAS = {
    "AnswerFigures": _FIGURES,
    "DepartmentAnswers": {
        "type": "object",
        "required": ["department", "slug", "figures", "months"],
        "properties": {
            "department": {"type": "string"},
            "slug": {"type": "string"},
            "figures": {"$ref": "#/components/schemas/AnswerFigures"},
            "months": {"type": "object", "description": "By month of the question (YYYY-MM, the City's time).",
                       "additionalProperties": {"$ref": "#/components/schemas/AnswerFigures"}},
        },
    },
}

ANSWER_PATHS = {
    "/api/v1/answers": {
        "get": {
            "operationId": "getDepartmentAnswers",
            "summary": "How each department answers residents' questions",
            "responses": {"200": {"description": "Every department's figures", "content": {"application/json": {
                "schema": {"type": "object", "required": ["departments"], "properties": {
                    "departments": {"type": "array", "items": {"$ref": "#/components/schemas/DepartmentAnswers"}},
                }}}}}},
        }
    },
}


def _iso(moment):
    return as_utc(moment).isoformat() if moment is not None else None


def item_requests(item_ids):
    """{item id: its open requests} (no names, no texts), soonest due first."""
    found = {}
    if not item_ids:
        return found
    requests = db.session.scalars(select(AnswerRequest).where(AnswerRequest.item_id.in_(item_ids),
                                                              AnswerRequest.answered_at.is_(None))
                                  .order_by(AnswerRequest.due_at, AnswerRequest.id)).all()
    for r in requests:
        found.setdefault(r.item_id, []).append({
            "kind": "comment" if r.comment_id else "proposal", "asked_at": _iso(r.asked_at),
            "due_at": _iso(r.due_at), "answered_at": _iso(r.answered_at), "status": r.status()})
    return found


@api_bp.get("/api/v1/answers")
def answers():
    figures = department_figures()
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    return jsonify({"departments": [
        {"department": d.name, "slug": d.slug, "figures": figures[d.id].total.as_dict(),
         "months": {month: f.as_dict() for month, f in figures[d.id].months.items()}}
        for d in departments if d.id in figures]})
