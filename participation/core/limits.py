"""Input that no view should ever see: oversized bodies and NUL characters.

Both are refused before routing reaches a view, for every route present
and future, with a clear 4xx page in the site's layout (JSON under /api/):

- a body larger than ``MAX_CONTENT_LENGTH`` (declared in Content-Length)
  gets 413 at once; a chunked body is cut at the same size by Werkzeug;
- a NUL character in the path, a query parameter or a form field gets 400
  (PostgreSQL cannot store it, and no person types it);
- a field that is not text gets 400 with the form's message: a file part in
  a multipart body (only the forms registered with ``accept_files`` take
  files, up to the size they give), or a JSON body that is not an object of
  text values (Flask-WTF reads JSON as form data).

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


# Endpoints whose forms take files: endpoint -> (function giving the largest body, the file fields).
FILE_UPLOADS = {}


def accept_files(endpoint, max_body, fields):
    """Let the form of ``endpoint`` carry files in ``fields`` (a file in any other field is still
    refused), in a body of at most ``max_body()`` bytes."""
    FILE_UPLOADS[endpoint] = (max_body, frozenset(fields))


def refuse_oversized_body():
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if request.endpoint in FILE_UPLOADS:
        limit = FILE_UPLOADS[request.endpoint][0]()
        request.max_content_length = limit  # Werkzeug cuts a chunked body at the same size
    if limit and request.content_length and request.content_length > limit:
        return refuse(
            413,
            _("What you sent is too large"),
            _("The largest accepted size is %(size)d kB. Please shorten the text or send a smaller file.",
              size=limit // 1024),
        )
    return None


def _json_fields():
    """The JSON body as form data would see it, ``{}`` for none, None when it is not all text.

    Flask-WTF turns a JSON object into form data: a value may be text or a
    list of texts (a field sent several times), nothing else.
    """
    if not request.is_json:
        return {}
    body = request.get_json(silent=True)
    if body is None:
        return {}  # no body, ``null``, or malformed JSON (the form answers 400 for the last)
    if not isinstance(body, dict):
        return None
    fields = {}
    for name, value in body.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in values):
            return None
        fields[name] = values
    return fields


def refuse_nul_characters():
    suspects = [request.path]
    suspects.extend(key for key in request.args)
    suspects.extend(value for values in request.args.listvalues() for value in values)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        suspects.extend(key for key in request.form)
        suspects.extend(value for values in request.form.listvalues() for value in values)
    for name, values in (_json_fields() or {}).items():
        suspects.append(name)
        suspects.extend(values)
    if _has_nul(suspects):
        return refuse(
            400,
            _("The request could not be understood"),
            _("The address or the form contains a character that is not allowed (a NUL character). "
              "Please remove it and try again."),
        )
    return None


def refuse_fields_that_are_not_text():
    """Every field of every form is text: a file or a JSON number in its place is a 400, not a crash."""
    file_fields = FILE_UPLOADS[request.endpoint][1] if request.endpoint in FILE_UPLOADS else frozenset()
    has_file = request.mimetype == "multipart/form-data" and bool(set(request.files) - file_fields)
    if has_file or _json_fields() is None:
        return refuse(
            400,
            _("The request could not be understood"),
            _("This form accepts only text. Please send it again without attaching a file."),
        )
    return None


def init_app(app):
    app.url_map.converters["int"] = BoundedIntegerConverter
    # Registered first, so no other before_request function reads the body before this check.
    app.before_request_funcs.setdefault(None, [])[0:0] = [
        refuse_oversized_body, refuse_nul_characters, refuse_fields_that_are_not_text]
