"""Programme content in several languages: stored translations, their editing,
shipped translation files and optional machine translation."""
from flask import Blueprint

bp = Blueprint("translations", __name__)

from . import views  # noqa: E402,F401
