"""Progress from a CSV file: read and check every line, show what would change, then apply all or nothing.

The file has a header line and the columns ``item`` (the item's id or its page address name, e.g.
``piste-ciclabili``), ``status`` (a status key: not_started, in_progress, ...), ``progress`` (0-100),
``date`` (YYYY-MM-DD), and optionally ``text`` and ``weight``.
"""
import csv
import io
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from ..audit.services import record_audit
from ..extensions import db
from ..programme.models import ProgrammeItem
from .models import ProgressStatus
from .services import ProgressError, check_progress, check_weight, progress_by_item, publish_progress_update

REQUIRED_COLUMNS = ("item", "status", "progress", "date")
MAX_ROWS = 2000
DRAFT_SALT = "progress-import"
DRAFT_MAX_AGE = 3600  # seconds a preview stays valid


@dataclass
class ImportRow:
    line: int
    item: ProgrammeItem
    status: ProgressStatus
    progress: int
    published_on: date
    text: str
    weight: int | None
    before_status: ProgressStatus | None = None
    before_progress: int | None = None
    before_weight: int | None = None


def _decode(data):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProgressError(_("The file is not UTF-8 text.")) from None


def _unreadable(line):
    return line, _("This line cannot be read as CSV: a field is longer than %(max)d characters, or a quotation mark "
                   "is not closed.", max=csv.field_size_limit())


class _Lines:
    """The lines of a text, counting those read: a line the CSV reader cannot read is the last one read."""

    def __init__(self, text):
        self._lines = iter(io.StringIO(text))
        self.read = 0

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self._lines)
        self.read += 1
        return line


def _records(reader, lines, errors):
    """The reader's records, until one cannot be read: that line is an error, and reading stops there."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:
            errors.append(_unreadable(lines.read))
            return


def read_progress_csv(data):
    """``(rows, errors)`` of a CSV file: ImportRows, and ``(line number, message)`` for every wrong line.
    Reads only; the file is refused as a whole when ``errors`` is not empty."""
    try:
        text = _decode(data)
    except ProgressError as error:
        return [], [(1, error.message)]
    lines = _Lines(text)
    reader = csv.DictReader(lines)
    try:
        columns = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error:
        return [], [_unreadable(lines.read)]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return [], [(1, _("Missing columns: %(columns)s.", columns=", ".join(missing)))]
    reader.fieldnames = columns
    items = {item.slug: item for item in db.session.scalars(select(ProgrammeItem))}
    by_id = {str(item.id): item for item in items.values()}
    statuses = {status.key: status for status in db.session.scalars(select(ProgressStatus))}
    states = progress_by_item()
    rows, errors = [], []
    for record in _records(reader, lines, errors):
        line = reader.line_num
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append((line, _("At most %(number)d lines in one file.", number=MAX_ROWS)))
            break
        value = {key: (record.get(key) or "").strip() for key in columns if key}
        if not any(value.values()):
            continue
        problems = []
        item = items.get(value["item"]) or by_id.get(value["item"])
        if item is None:
            problems.append(_("unknown item “%(item)s”", item=value["item"]))
        status = statuses.get(value["status"])
        if status is None:
            problems.append(_("unknown status “%(status)s”", status=value["status"]))
        try:
            progress = check_progress(value["progress"])
        except ProgressError:
            progress = None
            problems.append(_("progress “%(value)s” is not a whole number from 0 to 100", value=value["progress"]))
        try:
            published_on = date.fromisoformat(value["date"])
        except ValueError:
            published_on = None
            problems.append(_("date “%(value)s” is not a date like 2026-03-31", value=value["date"]))
        weight = None
        if value.get("weight"):
            try:
                weight = check_weight(value["weight"])
            except ProgressError:
                problems.append(_("weight “%(value)s” is not a whole number from 0 to 100", value=value["weight"]))
        if problems:
            errors.extend((line, problem) for problem in problems)
            continue
        current = states.get(item.id)
        rows.append(ImportRow(line, item, status, progress, published_on, value.get("text", ""), weight,
                              before_status=current.status if current else None,
                              before_progress=current.progress if current else None,
                              before_weight=current.weight if current else None))
    if not rows and not errors:
        errors.append((1, _("The file has no lines to import.")))
    return rows, errors


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=DRAFT_SALT)


def draft_of(text, user):
    """The checked file, signed for the confirmation form: the preview keeps the upload, unforgeable."""
    return _serializer().dumps({"csv": text, "user": user.id})


def read_draft(token, user):
    """The CSV text of a draft signed for ``user`` less than an hour ago; raises ProgressError."""
    try:
        data = _serializer().loads(token or "", max_age=DRAFT_MAX_AGE)
    except BadSignature:
        raise ProgressError(_("This preview has expired or is not valid: upload the file again.")) from None
    if data.get("user") != user.id:
        raise ProgressError(_("This preview has expired or is not valid: upload the file again."))
    return data["csv"]


def apply_progress_csv(user, data, language):
    """Publish one update per line of the file, all in the caller's transaction; raises ProgressError
    (nothing changed) when any line is wrong. Returns the updates. Flushes, never commits."""
    rows, errors = read_progress_csv(data)
    if errors:
        raise ProgressError(_("The file has errors; nothing was changed."))
    updates = [publish_progress_update(user, row.item, status=row.status, progress=row.progress, text=row.text,
                                       language=language, published_on=row.published_on, weight=row.weight)
               for row in rows]
    record_audit(user, "progress_import", updates=len(updates))
    return updates
