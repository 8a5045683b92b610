"""The search results page."""
from flask import render_template, request

from ..core.pagination import page_arg
from ..programme.services import list_areas_with_counts
from . import bp, services
from .models import KINDS

MAX_QUERY_LENGTH = 10_000


def _area_arg():
    raw = request.args.get("area", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 3 else None


@bp.get("/search")
def results():
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH].replace("\x00", "")
    kinds = [kind for kind in request.args.getlist("kind") if kind in KINDS]
    area = _area_arg()
    page = services.search(query, kinds=kinds or None, area=area, page=page_arg()) if query.strip() else None
    return render_template(
        "search/results.html", query=query, kinds=kinds, area=area, page=page,
        areas=list_areas_with_counts(), all_kinds=KINDS,
    )
