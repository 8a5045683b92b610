"""Votes: support for programme items and proposals, up/down votes on comments."""
from flask import Blueprint

bp = Blueprint("votes", __name__)

from . import views  # noqa: E402,F401
