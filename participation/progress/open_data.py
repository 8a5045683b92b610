"""The progress of each item in the open data: status, progress, weight and the timeline of updates."""
from flask import url_for

from ..programme.open_data import ItemData, register_item_data
from ..translations.services import is_current_review, source_hash, translations_of
from . import services
from .models import ItemProgress, ProgressDocument, ProgressStatus, ProgressUpdate
from .statuses import NOT_STARTED, list_statuses


def _translations_to_dict(entry, rows):
    """The update's text in other languages: ``{language: {"text", "automatic", "reviewed"}}``."""
    digest = source_hash(entry.text) if rows else None
    return {row.language: {"text": row.value, "automatic": row.is_machine,
                           "reviewed": is_current_review(row, entry.text, digest)}
            for row in rows if row.field == "text" and row.value}


def _update_to_dict(entry, translations=()):
    return {
        "id": entry.id,
        "date": entry.published_on.isoformat(),
        "status": entry.status_key,
        "progress": entry.progress,
        "text": entry.text,
        "language": entry.language,
        "links": entry.links,
        "department": entry.department,
        "documents": [{"filename": filename, "content_type": content_type, "size": size,
                       "url": url_for("progress.document", document_id=document_id, lang_code="it", _external=True)}
                      for document_id, filename, content_type, size in entry.documents],
        "translations": _translations_to_dict(entry, translations),
    }


def _default():
    return {"status": NOT_STARTED, "progress": 0, "weight": 1, "timeline": []}


def load_progress(item_ids):
    statuses = {status.id: status for status in list_statuses()}
    states = services.progress_by_item()
    timelines = services.timelines_of(item_ids)
    translations = translations_of("progress_update", [update.id for updates in timelines.values() for update in updates])
    found = {}
    for item_id in item_ids:
        state = states.get(item_id)
        value = _default()
        if state is not None:
            value.update(status=statuses[state.status_id].key, progress=state.progress, weight=state.weight)
        value["timeline"] = [_update_to_dict(update, translations.get(update.id, ()))
                             for update in timelines.get(item_id, [])]
        found[item_id] = value
    return found


_UPDATE_SCHEMA = {
    "type": "object",
    "required": ["id", "date", "status", "progress", "text", "language", "links", "department", "documents"],
    "properties": {
        "id": {"type": "integer"},
        "date": {"type": "string", "format": "date"},
        "status": {"type": "string"},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "text": {"type": "string", "description": "In the language of its author, ``language``."},
        "language": {"type": "string"},
        "translations": {
            "type": "object",
            "description": "The text in other languages, by language code: ``automatic`` for a machine "
                           "translation, ``reviewed`` once a person of the City has read it against the text.",
            "additionalProperties": {
                "type": "object", "required": ["text", "automatic", "reviewed"],
                "properties": {"text": {"type": "string"}, "automatic": {"type": "boolean"},
                               "reviewed": {"type": "boolean"}}}},
        "links": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "department": {"type": ["string", "null"], "description": "The department it was published on behalf of."},
        "documents": {"type": "array", "items": {
            "type": "object", "required": ["filename", "content_type", "size", "url"],
            "properties": {"filename": {"type": "string"}, "content_type": {"type": "string"},
                           "size": {"type": "integer"}, "url": {"type": "string", "format": "uri"}}}},
    },
}
PROGRESS_SCHEMA = {
    "type": "object",
    "description": "Where the item stands: status key (not_started, in_progress, completed, changed, dropped, or one "
                   "staff added), progress in percent, weight in the averages (dropped items and weight 0 are left "
                   "out), and every update, oldest first.",
    "required": ["status", "progress", "weight", "timeline"],
    "properties": {
        "status": {"type": "string"},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "weight": {"type": "integer", "minimum": 0},
        "timeline": {"type": "array", "items": _UPDATE_SCHEMA},
    },
}


def _last_date(value):
    return value["timeline"][-1]["date"] if value["timeline"] else ""


register_item_data(ItemData(
    name="progress",
    load=load_progress,
    schema=PROGRESS_SCHEMA,
    default=_default,
    csv_columns=(
        ("status", lambda value: value["status"]),
        ("progress", lambda value: str(value["progress"])),
        ("weight", lambda value: str(value["weight"])),
        ("updates", lambda value: str(len(value["timeline"]))),
        ("last_update", _last_date),
    ),
    models=(ProgressStatus, ItemProgress, ProgressUpdate, ProgressDocument),
))
