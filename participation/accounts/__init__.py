"""Accounts: residents, staff roles, sign-in."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..extensions import login_manager

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Sign in to continue.")
login_manager.login_message_category = "error"

from . import roles_views, settings_views, sign_in_views  # noqa: E402,F401
