"""Discussion threads of programme items and proposals: comments, replies, official answers."""
from flask import Blueprint

bp = Blueprint("discussion", __name__)
permalink_bp = Blueprint("discussion_permalink", __name__)

from . import revision, views  # noqa: E402,F401  (revision registers the session hooks)


@bp.app_context_processor
def _discussion_helpers():
    from .answer_requests import answers_offered
    from .services import author_label

    return {"author_label": author_label, "answers_offered": answers_offered}
