"""Moderation with due process: reports, cases, decisions, appeals and the audit log."""
from flask import Blueprint

bp = Blueprint("moderation", __name__)

from . import appeal_views, audit_views, case_views, settings_views, templating  # noqa: E402,F401
