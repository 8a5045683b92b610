"""Input that no view should ever see: oversized bodies and NUL characters.

Both are refused before routing reaches a view, for every route present
and future, with a clear 4xx page in the site's layout (JSON under /api/):

- a body larger than ``MAX_CONTENT_LENGTH`` (declared in Content-Length)
  gets 413 at once; a chunked body is cut at the same size by Werkzeug;
- a NUL character in the path, a query parameter or a form field gets 400
  (PostgreSQL cannot store it, and no person types it).

Integer path arguments (``<int:item_id>``) stop at 2**31 - 1, the largest
PostgreSQL ``integer``: a larger number is a 404, not a database error.

Malformed UTF-8 in the address or a form is decoded by Werkzeug with
replacement characters, so views see ordinary (odd) text.
"""
from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

LARGEST_DATABASE_INTEGER = 2**31 - 1  # PostgreSQL's integer


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that only matches numbers a database integer can hold."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min,
                         max=LARGEST_DATABASE_INTEGER if max is None else max, signed=signed)


def refuse(status, heading, message):
    """A 4xx answer with an explanation: an HTML page, or JSON under /api/."""
    if request.path.startswith("/api/"):
        return jsonify({"error": heading, "message": message}), status
    return render_template("errors/refused.html", heading=heading, message=message), status


def _has_nul(values):
    return any("\x00" in value for value in values)


def refuse_oversized_body():
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length and request.content_length > limit:
        return refuse(
            413,
            _("What you sent is too large"),
            _("The largest accepted size is %(size)d kB. Please shorten the text or send a smaller file.",
              size=limit // 1024),
        )
    return None


def refuse_nul_characters():
    suspects = [request.path]
    suspects.extend(key for key in request.args)
    suspects.extend(value for values in request.args.listvalues() for value in values)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        suspects.extend(key for key in request.form)
        suspects.extend(value for values in request.form.listvalues() for value in values)
    if _has_nul(suspects):
        return refuse(
            400,
            _("The request could not be understood"),
            _("The address or the form contains a character that is not allowed (a NUL character). "
              "Please remove it and try again."),
        )
    return None


def init_app(app):
    app.url_map.converters["int"] = BoundedIntegerConverter
    # Registered first, so no other before_request function reads the body before this check.
    app.before_request_funcs.setdefault(None, [])[0:0] = [refuse_oversized_body, refuse_nul_characters]
