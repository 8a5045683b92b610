"""Full-text search over programme items, proposals and comments."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from . import indexing, views  # noqa: E402,F401  (indexing registers the session hooks)
