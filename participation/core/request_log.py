"""One JSON line per request on stderr: the application's access log.

Each line holds ``time``, ``method``, ``path`` (never the query string),
``endpoint``, ``status``, ``duration_ms``, ``request_id`` (the incoming
``X-Request-ID`` if it looks sane, else a new one; echoed in the response)
and ``user_id`` when someone is signed in. Nothing in it can carry a secret:
path arguments that are tokens and anything that looks like an email
address are replaced, and query strings and bodies are never read.

The application's other log lines (``app.logger``: mail delivery, errors
with their tracebacks) pass through ``AddressFilter``, which replaces
anything that looks like an email address, in the message and in the
traceback (a database error quotes the values of its statement).

Gunicorn's own access log is off (``gunicorn.conf.py``) so every request is
logged exactly once, by this module, in the same format under any server.
"""
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import current_app, g, request

logger = logging.getLogger("participation.requests")

SECRET_ARGUMENT = re.compile(r"token|secret|key|signature|password|code|hash", re.IGNORECASE)
EMAIL = re.compile(r"[^/@\s]+@[^/@\s]+")
# Long mixed-case alphanumeric segments look like tokens; slugs are lowercase.
TOKEN_LIKE = re.compile(r"(?=[^/]*[A-Z])(?=[^/]*[a-z])(?=[^/]*\d)[A-Za-z0-9_\-.=]{20,}")
REQUEST_ID = re.compile(r"[A-Za-z0-9._\-]{1,64}")
REDACTED = "[redacted]"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (gunicorn and pytest replace it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


class JsonFormatter(logging.Formatter):
    """Any log record as one JSON line (gunicorn's error log uses it, see gunicorn.conf.py)."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class AddressFilter(logging.Filter):
    """Replaces email addresses in a record's message and traceback before any handler sees it."""

    def filter(self, record):
        message = record.getMessage()
        record.msg, record.args = EMAIL.sub(REDACTED, message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = EMAIL.sub(REDACTED, record.exc_text)
        return True


def safe_path():
    """The request path with secret path arguments and email addresses replaced."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if SECRET_ARGUMENT.search(name) and isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    path = EMAIL.sub(REDACTED, path)
    return TOKEN_LIKE.sub(REDACTED, path)


def _start():
    g.request_started = time.perf_counter()
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _log(response):
    if g.get("request_id"):
        response.headers.setdefault("X-Request-ID", g.request_id)
    if not current_app.config.get("REQUEST_LOG", True):
        return response
    started = g.get("request_started")
    user = g.get("_login_user")  # only if Flask-Login already loaded it: no extra query
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    record = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "event": "request",
        "method": request.method,
        "path": safe_path(),
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
        "request_id": g.get("request_id"),
        "user_id": user_id,
    }
    logger.info(json.dumps(record, ensure_ascii=False))
    return response


def init_app(app):
    if not logger.handlers:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    if not any(isinstance(existing, AddressFilter) for existing in app.logger.filters):
        app.logger.addFilter(AddressFilter())
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_log)
