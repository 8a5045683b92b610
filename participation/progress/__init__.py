"""The programme's progress: statuses, progress figures and a public timeline of updates per item."""
from flask import Blueprint

bp = Blueprint("progress", __name__)

from . import views  # noqa: E402,F401
