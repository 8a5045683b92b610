"""Open data: the opinion map of an item's or a proposal's discussion, as JSON, and its OpenAPI description."""
from flask import jsonify
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from ..discussion.models import Thread
from ..extensions import db
from ..permissions import can_view_proposal
from ..programme.models import ProgrammeItem
from ..programme.open_data import register_api
from ..proposals.models import Proposal
from . import api_bp
from .services import public_summary, stored_map


def _not_found(message):
    return jsonify({"error": "not_found", "message": message}), 404


def _summary_of(condition):
    thread_id = db.session.scalar(select(Thread.id).where(condition))
    return jsonify(public_summary(stored_map(thread_id) if thread_id is not None else None))


@api_bp.get("/api/v1/items/<int:item_id>/opinions")
def item_opinions(item_id):
    if db.session.get(ProgrammeItem, item_id) is None:
        return _not_found(f"No programme item with id {item_id}.")
    return _summary_of(Thread.programme_item_id == item_id)


@api_bp.get("/api/v1/proposals/<int:proposal_id>/opinions")
def proposal_opinions(proposal_id):
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not can_view_proposal(AnonymousUserMixin(), proposal):
        return _not_found(f"No public proposal with id {proposal_id}.")
    return _summary_of(Thread.proposal_id == proposal_id)


_PERCENT = {"type": "integer", "minimum": 0, "maximum": 100}
_OPINION_MAP = {
    "type": "object",
    "description": "How the participants of a discussion group by their votes on its comments (Polis' method: "
                   "PCA, k-means, representative comments by a two-proportion test). Only group aggregates: "
                   "nothing about single people.",
    "required": ["status", "computed_at", "revision", "groups", "consensus"],
    "properties": {
        "status": {"type": "string", "enum": ["ready", "insufficient", "none"],
                   "description": "ready: the map; insufficient: too few participants yet; none: never computed."},
        "computed_at": {"type": ["string", "null"], "format": "date-time"},
        "revision": {"type": ["integer", "null"], "description": "The discussion's revision the map was computed from."},
        "participants_needed": {"type": "integer", "minimum": 0},
        "votes_needed": {"type": "integer", "minimum": 0},
        "groups": {"type": "array", "items": {
            "type": "object", "required": ["label", "size", "representative"],
            "properties": {
                "label": {"type": "string", "enum": list("ABCDE")},
                "size": {"type": "integer", "minimum": 1},
                "representative": {"type": "array", "items": {
                    "type": "object",
                    "required": ["comment_id", "direction", "group_percent", "rest_percent", "group_votes"],
                    "properties": {
                        "comment_id": {"type": "integer"},
                        "direction": {"type": "string", "enum": ["agree", "disagree"]},
                        "group_percent": _PERCENT, "rest_percent": {"type": ["integer", "null"]},
                        "group_votes": {"type": "integer", "minimum": 0},
                    },
                }},
            },
        }},
        "consensus": {"type": "array", "items": {
            "type": "object", "required": ["comment_id", "agree_percent"],
            "properties": {"comment_id": {"type": "integer"},
                           "agree_percent": {"type": "array", "items": _PERCENT,
                                             "description": "One per group, in the order of groups."}},
        }},
    },
}


def _path(operation_id, summary, name):
    return {"get": {
        "operationId": operation_id, "summary": summary,
        "parameters": [{"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}],
        "responses": {
            "200": {"description": "The opinion map",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OpinionMap"}}}},
            "404": {"description": "No such item or public proposal",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        },
    }}


register_api({
    "/api/v1/items/{item_id}/opinions": _path("getItemOpinions", "The opinion map of an item's discussion",
                                               "item_id"),
    "/api/v1/proposals/{proposal_id}/opinions": _path("getProposalOpinions",
                                                       "The opinion map of a proposal's discussion", "proposal_id"),
}, {"OpinionMap": _OPINION_MAP})
