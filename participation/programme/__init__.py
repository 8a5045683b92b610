"""The municipality's programme: areas, programme items and departments."""
from flask import Blueprint

bp = Blueprint("programme", __name__)
api_bp = Blueprint("programme_api", __name__)

from . import api, views  # noqa: E402,F401
