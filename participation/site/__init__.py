"""Pages about the platform itself: home, terms, privacy."""
from flask import Blueprint

bp = Blueprint("site", __name__)

from . import views  # noqa: E402,F401
