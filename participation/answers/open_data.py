"""The City's answers in the open data: an item's open requests, and each department's figures."""
from datetime import UTC

from flask import jsonify
from sqlalchemy import func, select

from ..core.models import utcnow
from ..extensions import db
from ..programme.models import Department
from . import api_bp
from .figures import department_figures
from .models import AnswerRequest, request_status

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
    """ISO 8601 in UTC (SQLite gives naive UTC moments, PostgreSQL aware ones)."""
    if moment is None:
        return None
    return moment.isoformat() + "+00:00" if moment.tzinfo is None else moment.astimezone(UTC).isoformat()


def overdue_count(now=None):
    """How many requests are unanswered past their deadline at ``now``: it grows with time alone."""
    return db.session.scalar(select(func.count()).select_from(AnswerRequest).where(
        AnswerRequest.answered_at.is_(None), AnswerRequest.due_at < (now or utcnow())))


def item_requests(item_ids):
    """{item id: its open requests} (no names, no texts), soonest due first."""
    found = {}
    if not item_ids:
        return found
    now = utcnow()
    rows = db.session.execute(
        select(AnswerRequest.item_id, AnswerRequest.comment_id, AnswerRequest.asked_at, AnswerRequest.due_at)
        .where(AnswerRequest.item_id.in_(item_ids), AnswerRequest.answered_at.is_(None))
        .order_by(AnswerRequest.due_at, AnswerRequest.id)).all()
    for item_id, comment_id, asked_at, due_at in rows:
        found.setdefault(item_id, []).append({
            "kind": "comment" if comment_id else "proposal", "asked_at": _iso(asked_at),
            "due_at": _iso(due_at), "answered_at": None, "status": request_status(due_at, None, now)})
    return found


@api_bp.get("/api/v1/answers")
def answers():
    figures = department_figures()
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    return jsonify({"departments": [
        {"department": d.name, "slug": d.slug, "figures": figures[d.id].total.as_dict(),
         "months": {month: f.as_dict() for month, f in figures[d.id].months.items()}}
        for d in departments if d.id in figures]})
