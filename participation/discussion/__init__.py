"""Discussion threads of programme items and proposals: comments, replies, official answers."""
from flask import Blueprint

bp = Blueprint("discussion", __name__)
permalink_bp = Blueprint("discussion_permalink", __name__)

from . import views  # noqa: E402,F401


@bp.app_context_processor
def _discussion_helpers():
    from .services import author_label

    return {"author_label": author_label}
