"""Error pages in the site's layout, JSON errors under /api/.

Both keep the headers the error itself carries: ``Allow`` on every 405,
``Retry-After`` on a 429 or 503 that names one, ``WWW-Authenticate`` on a 401."""
from flask import g, jsonify, render_template, request
from flask_babel import refresh
from werkzeug.exceptions import HTTPException

from .i18n import LANGUAGES


def _wants_json():
    return request.path.startswith("/api/")


def _language_from_path():
    """An address that matched no page (a 404) still names its language: answer in it."""
    if not g.get("lang_code"):
        first = request.path.lstrip("/").split("/", 1)[0]
        if first in LANGUAGES:
            g.lang_code = first
            refresh()


def _headers_of(error: HTTPException):
    """The error's own headers (``Allow``, ``Retry-After`` ...), without its plain-text Content-Type."""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def handle_http_error(error: HTTPException):
    if _wants_json():
        body = jsonify({"error": error.name.lower().replace(" ", "_"), "message": error.description})
        return body, error.code, _headers_of(error)
    _language_from_path()
    template = "errors/404.html" if error.code == 404 else "errors/error.html"
    return render_template(template, error=error), error.code, _headers_of(error)


def handle_server_error(error):
    if _wants_json():
        return jsonify({"error": "internal_server_error", "message": "Unexpected error."}), 500
    return render_template("errors/500.html"), 500


def init_app(app):
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, handle_server_error)
