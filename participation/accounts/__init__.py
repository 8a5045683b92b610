"""Accounts: residents, staff roles, sign-in."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)
