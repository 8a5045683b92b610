"""Documents attached to progress updates: what is accepted, known by content, not by name."""
import re

from flask import current_app
from flask_babel import gettext as _

# The first bytes of each accepted type; the file's name and the browser's word are not trusted.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def sniff(data):
    """``(content type, extension)`` of ``data`` when it is a PDF, PNG or JPEG file, else None."""
    for signature, content_type, extension in SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    return None


def safe_filename(name, extension):
    """A name to offer on download: letters, digits, dots, dashes; the extension of the real type."""
    stem = re.sub(r"[^\w.-]+", "-", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1], flags=re.ASCII)
    stem = stem.strip(".-")[:80].rsplit(".", 1)[0] or "document"
    return stem + extension


def check_document(name, data):
    """``(filename, content type, data)`` for an accepted document; raises ProgressError (wrong type,
    empty, or over the PROGRESS_DOCUMENT_MAX_BYTES setting)."""
    from .services import ProgressError

    limit = current_app.config["PROGRESS_DOCUMENT_MAX_BYTES"]
    if not data:
        raise ProgressError(_("The document “%(name)s” is empty.", name=name))
    if len(data) > limit:
        raise ProgressError(_("The document “%(name)s” is larger than %(size)s MB.", name=name,
                              size=f"{limit / 1024 / 1024:.1f}"))
    found = sniff(data)
    if found is None:
        raise ProgressError(_("The document “%(name)s” is not a PDF, PNG or JPEG file.", name=name))
    content_type, extension = found
    return safe_filename(name, extension), content_type, data
