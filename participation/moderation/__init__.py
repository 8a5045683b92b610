"""Moderation with due process: reports, cases, decisions, appeals and the audit log."""
from flask import Blueprint

bp = Blueprint("moderation", __name__)

from . import templating, views  # noqa: E402,F401
