"""The statuses of programme items: five built in, others added by staff as data."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.i18n import current_language
from ..extensions import db
from .models import ProgressStatus

NOT_STARTED = "not_started"

# key, Italian label, in the average, colour (each at least 3:1 against white, for the chart).
DEFAULT_STATUSES = (
    {"key": "not_started", "label": "Non avviato", "position": 1, "in_average": True, "colour": "#6b7280"},
    {"key": "in_progress", "label": "In corso", "position": 2, "in_average": True, "colour": "#1d4ed8"},
    {"key": "completed", "label": "Completato", "position": 3, "in_average": True, "colour": "#15803d"},
    {"key": "changed", "label": "Modificato", "position": 4, "in_average": True, "colour": "#b45309"},
    {"key": "dropped", "label": "Abbandonato", "position": 5, "in_average": False, "colour": "#b91c1c"},
)
BUILT_IN_LABELS = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "changed": _l("Changed"),
    "dropped": _l("Dropped"),
}


def seed_statuses():
    """Insert the built-in statuses that are missing (the migration inserts them; tests and a
    database made with ``create_all`` call this). Flushes only; returns how many were added."""
    present = set(db.session.scalars(select(ProgressStatus.key)))
    missing = [ProgressStatus(labels={}, **row) for row in DEFAULT_STATUSES if row["key"] not in present]
    db.session.add_all(missing)
    db.session.flush()
    return len(missing)


def add_status(key, label, labels=None, in_average=True, colour="#6b7280"):
    """A status staff add to the list (``flask progress add-status``); ``labels`` maps language codes to
    the label in that language. Raises ValueError when the key is taken. Flushes only."""
    if db.session.scalar(select(ProgressStatus.id).where(ProgressStatus.key == key)) is not None:
        raise ValueError(f"a status {key!r} exists already")
    last = db.session.scalar(select(ProgressStatus.position).order_by(ProgressStatus.position.desc()).limit(1)) or 0
    status = ProgressStatus(key=key, label=label, labels=dict(labels or {}), in_average=in_average, colour=colour,
                            position=last + 1)
    db.session.add(status)
    db.session.flush()
    return status


def list_statuses():
    """Every status in the order of the lists and the chart."""
    return db.session.scalars(select(ProgressStatus).order_by(ProgressStatus.position, ProgressStatus.id)).all()


def status_by_key(key):
    return db.session.scalar(select(ProgressStatus).where(ProgressStatus.key == key))


def status_label(status, language=None):
    """The status's name in the reader's language (or ``language``)."""
    if status is None:
        return gettext("Not started")
    if status.key in BUILT_IN_LABELS:
        return str(BUILT_IN_LABELS[status.key])
    code = language or current_language().code
    return (status.labels or {}).get(code) or status.label
