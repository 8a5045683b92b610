"""Neighbourhood groups: residents who take part together."""
from flask import Blueprint

bp = Blueprint("groups", __name__)

from . import views  # noqa: E402,F401
