"""Departments that answer: department staff, the City's answer requests with their deadlines, the inbox,
reminders and the public figures of how each department answers."""
from flask import Blueprint

bp = Blueprint("answers", __name__)
api_bp = Blueprint("answers_api", __name__)

from . import open_data, views  # noqa: E402,F401
