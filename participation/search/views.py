"""The search results page."""
from flask import render_template, request

from ..core.i18n import current_language
from ..core.pagination import page_arg
from . import bp, services
from .document_types import DOCUMENT_TYPES, area_choices

MAX_QUERY_LENGTH = 10_000


def _area_arg():
    raw = request.args.get("area", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 3 else None


@bp.get("/search")
def results():
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH].replace("\x00", "")
    kinds = [kind for kind in request.args.getlist("kind") if kind in DOCUMENT_TYPES]
    area = _area_arg()
    language = current_language().code
    page = (services.search(query, kinds=kinds or None, area=area, page=page_arg(), language=language)
            if query.strip() else None)
    return render_template(
        "search/results.html", query=query, kinds=kinds, area=area, page=page,
        areas=area_choices(), all_kinds=list(DOCUMENT_TYPES),
        kind_labels={name: document_type.label for name, document_type in DOCUMENT_TYPES.items()},
    )
