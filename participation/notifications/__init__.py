"""Follows, notifications in the site and by email."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)

from . import views  # noqa: E402,F401
