"""Opinion maps: how the participants of a discussion group by the way they vote on its comments."""
from flask import Blueprint

api_bp = Blueprint("opinions_api", __name__)

from . import api  # noqa: E402,F401
