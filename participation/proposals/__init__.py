"""Proposals from residents and groups, with their status workflow and staff answers."""
from flask import Blueprint

bp = Blueprint("proposals", __name__)

from . import views  # noqa: E402,F401


@bp.app_template_filter("waiting_since")
def waiting_since(since, now):
    """How long a proposal has waited, in words ("3 days")."""
    from flask_babel import format_timedelta

    return format_timedelta(now - since, threshold=1.0)
