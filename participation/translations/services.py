"""Business rules of content translations: reading with fallback, editing,
review after an edited original, and shipped translation files."""
import hashlib
import json
from dataclasses import dataclass, field

from flask import g
from markupsafe import Markup, escape
from sqlalchemy import select

from ..core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..core.models import utcnow
from ..extensions import db
from .models import ContentTranslation
from .translatable import TRANSLATABLES, get_translatable, translatable_of

TARGET_LANGUAGES = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]
STATUSES = ("missing", "partial", "needs_review", "unreviewed", "complete")


class TranslationError(ValueError):
    """A translation that cannot be stored; the message says why."""


def entity_type_of(entity):
    """The name ``entity``'s kind of content is registered under; raises TranslationError."""
    kind = translatable_of(entity)
    if kind is None:
        raise TranslationError(f"{type(entity).__name__} has no translatable content")
    return kind.name


def fields_of(entity_type):
    return TRANSLATABLES[entity_type].fields


def get_entity(entity_type, entity_id):
    """The entity of a registered kind of content with this id, or None."""
    kind = get_translatable(entity_type)
    if kind is None:
        return None
    return db.session.get(kind.model, entity_id)


def source_hash(value):
    """A stable fingerprint of an Italian original of any shape."""
    data = json.dumps(value if value is not None else "", ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def is_empty(value):
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return len(value) == 0


# --- reading -------------------------------------------------------------------

@dataclass(frozen=True)
class Shown:
    """A piece of content as shown on a page: the value and its language."""

    value: object
    language: str
    is_fallback: bool = False  # the Italian original stands in for a missing translation
    is_machine: bool = False
    is_outdated: bool = False  # the original changed after it was translated
    machine_hidden: bool = False  # an automatic translation exists, the original was asked for
    translation_hidden: bool = False  # a translation exists, the Italian original was asked for
    is_unreviewed: bool = False  # a translation no person of the City has reviewed yet

    @property
    def direction(self):
        return LANGUAGES[self.language].direction if self.language in LANGUAGES else "ltr"

    def attrs(self, page_language):
        """` lang="it"` (and `dir`) when the content's language differs from the page's."""
        if self.language == page_language:
            return Markup("")
        tag = LANGUAGES[self.language].tag if self.language in LANGUAGES else self.language
        text = f' lang="{escape(tag)}"'
        page_direction = LANGUAGES[page_language].direction if page_language in LANGUAGES else "ltr"
        if self.direction != page_direction:
            text += f' dir="{self.direction}"'
        return Markup(text)

    def __str__(self):
        return self.value if isinstance(self.value, str) else str(self.value)


def _request_cache():
    return g.setdefault("_content_translations", {})


def clear_cache():
    g.pop("_content_translations", None)


def cached_with_translations(key, load):
    """``load()``, kept as long as this request's translations are (dropped when one is saved)."""
    cache = _request_cache()
    if key not in cache:
        cache[key] = load()
    return cache[key]


def _translations_in(language):
    """Every content translation into ``language``, loaded with one query per request.

    The whole programme in one language is a few hundred short rows: one
    query serves every area, item and department a page shows.
    """
    cache = _request_cache()
    if language not in cache:
        rows = db.session.scalars(select(ContentTranslation).where(ContentTranslation.language == language))
        cache[language] = {(row.entity_type, row.entity_id, row.field): row for row in rows}
    return cache[language]


def find_translation(entity_type, entity_id, field_name, language):
    return _translations_in(language).get((entity_type, entity_id, field_name))


def show(entity, field_name, language, machine=True, italian=False):
    """The content of ``entity.field_name`` to show in ``language``.

    Falls back to the Italian original when there is no translation (or,
    with ``machine=False``, when only an automatic one exists); ``italian``
    shows the Italian original even where a translation exists.
    """
    original = getattr(entity, field_name)
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES or is_empty(original):
        return Shown(original, DEFAULT_LANGUAGE)
    row = find_translation(entity_type_of(entity), entity.id, field_name, language)
    if row is None or is_empty(row.value):
        return Shown(original, DEFAULT_LANGUAGE, is_fallback=True)
    if row.is_machine and not machine:
        return Shown(original, DEFAULT_LANGUAGE, is_fallback=True, machine_hidden=True, translation_hidden=True)
    if italian:
        return Shown(original, DEFAULT_LANGUAGE, is_fallback=True, machine_hidden=row.is_machine,
                     translation_hidden=True)
    outdated = row.needs_review or row.source_hash != source_hash(original)
    return Shown(row.value, language, is_machine=row.is_machine, is_outdated=outdated,
                 is_unreviewed=outdated or not row.is_reviewed)  # a review of an older original is none


def translated(entity, field_name, language):
    """``(value, language_shown)``: the translation, or the Italian original and "it"."""
    shown = show(entity, field_name, language)
    return shown.value, shown.language


# --- editing -------------------------------------------------------------------

def _check_target(entity_type, field_name, language):
    if entity_type not in TRANSLATABLES or field_name not in fields_of(entity_type):
        raise TranslationError(f"{entity_type}.{field_name} cannot be translated")
    if language not in TARGET_LANGUAGES:
        raise TranslationError(f"{language!r} is not a translation language")


def save_translation(entity, field_name, language, value, by=None, is_machine=False):
    """Store ``value`` as the translation of ``entity.field_name`` into ``language``.

    ``by`` is the translator (None for shipped or automatic translations): a
    translation written by a person counts as reviewed, the others do not. The
    translation is recorded against the current original, so it no longer needs
    review. An empty value removes the translation. Flushes, never commits.
    Returns the ContentTranslation, or None when removed. Raises TranslationError.
    """
    entity_type = entity_type_of(entity)
    _check_target(entity_type, field_name, language)
    original = getattr(entity, field_name)
    if not is_empty(value) and isinstance(original, list) != isinstance(value, list):
        raise TranslationError(f"{entity_type}.{field_name} must have the shape of the original")
    row = db.session.scalar(
        select(ContentTranslation).where(
            ContentTranslation.entity_type == entity_type,
            ContentTranslation.entity_id == entity.id,
            ContentTranslation.field == field_name,
            ContentTranslation.language == language,
        )
    )
    clear_cache()
    if is_empty(value):
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return None
    if row is None:
        row = ContentTranslation(entity_type=entity_type, entity_id=entity.id, field=field_name, language=language)
        db.session.add(row)
    row.value = value
    row.source_hash = source_hash(original)
    row.needs_review = False
    row.is_machine = is_machine
    row.translated_by_id = by.id if by is not None else None
    row.reviewed_by_id = by.id if by is not None else None
    row.reviewed_at = utcnow() if by is not None else None
    db.session.flush()
    return row


def mark_reviewed(row, by):
    """Record that ``by`` has read the translation ``row`` against its current original
    and keeps it as it is. Flushes, never commits."""
    row.reviewed_by_id = by.id
    row.reviewed_at = utcnow()
    row.needs_review = False
    row.is_machine = False
    db.session.flush()
    clear_cache()
    return row


def mark_outdated_translations():
    """Flag for review every translation whose original changed since it was made.

    Called after a programme import; flushes, never commits. Returns the number flagged.
    """
    flagged = 0
    for entity_type, kind in TRANSLATABLES.items():
        rows = db.session.scalars(
            select(ContentTranslation).where(
                ContentTranslation.entity_type == entity_type, ContentTranslation.needs_review.is_(False)
            )
        ).all()
        if not rows:
            continue
        model = kind.model
        entities = {e.id: e for e in db.session.scalars(select(model).where(model.id.in_({r.entity_id for r in rows})))}
        for row in rows:
            entity = entities.get(row.entity_id)
            if entity is not None and row.source_hash != source_hash(getattr(entity, row.field)):
                row.needs_review = True
                flagged += 1
    clear_cache()
    db.session.flush()
    return flagged


# --- status for the admin screen ---------------------------------------------------

@dataclass
class EntityStatus:
    entity_type: str
    entity: object
    statuses: dict = field(default_factory=dict)  # language -> one of STATUSES

    @property
    def label(self):
        return TRANSLATABLES[self.entity_type].label(self.entity)


def field_status(entity, field_name, row):
    """"done", "review", "unreviewed" (shipped text no person of the City has
    reviewed yet) or "missing" for one field in one language."""
    original = getattr(entity, field_name)
    if is_empty(original):
        return "done"
    if row is None or is_empty(row.value):
        return "missing"
    if row.needs_review or row.is_machine or row.source_hash != source_hash(original):
        return "review"
    if not row.is_reviewed:
        return "unreviewed"
    return "done"


def entity_status(entity_type, entity, rows_by_field):
    states = [
        field_status(entity, name, rows_by_field.get(name))
        for name in fields_of(entity_type)
        if not is_empty(getattr(entity, name))
    ]
    if "review" in states:
        return "needs_review"
    if "missing" not in states and "unreviewed" in states:
        return "unreviewed"
    if all(state == "done" for state in states):
        return "complete"
    if all(state == "missing" for state in states):
        return "missing"
    return "partial"


def list_translation_status(language=None, status=None, entity_type=None):
    """Every translatable entity with its status per target language, filtered.

    ``language`` limits the columns; ``status`` keeps the entities having that
    status in the chosen language (in any language when none is chosen).
    """
    languages = [language] if language in TARGET_LANGUAGES else TARGET_LANGUAGES
    rows = db.session.scalars(select(ContentTranslation).where(ContentTranslation.language.in_(languages))).all()
    by_entity = {}
    for row in rows:
        by_entity.setdefault((row.entity_type, row.entity_id, row.language), {})[row.field] = row
    result = []
    for name, kind in TRANSLATABLES.items():
        if entity_type and entity_type != name:
            continue
        for entity in kind.list_all():
            line = EntityStatus(name, entity)
            for code in languages:
                line.statuses[code] = entity_status(name, entity, by_entity.get((name, entity.id, code), {}))
            if status and status not in line.statuses.values():
                continue
            result.append(line)
    return result


def count_statuses(lines, languages):
    """``{language: {status: number of entities}}`` of status lines, every status present (zero too)."""
    counts = {code: dict.fromkeys(STATUSES, 0) for code in languages}
    for line in lines:
        for code in languages:
            counts[code][line.statuses[code]] += 1
    return counts


def save_entity_translations(entity, language, values, by):
    """Store the translations of several fields of ``entity`` at once, as
    edited by ``by`` on the admin screen: each changed field, and each field
    that needed review, is recorded against the current original; an unchanged
    shipped translation is marked reviewed by ``by``. Flushes, never commits.
    Returns the names of the fields changed or reviewed. Raises TranslationError.
    """
    entity_type = entity_type_of(entity)
    changed = []
    for name in fields_of(entity_type):
        if name not in values:
            continue
        value = values[name]
        row = find_translation(entity_type, entity.id, name, language)
        if row is None and is_empty(value):
            continue
        state = field_status(entity, name, row) if row is not None else "missing"
        if row is not None and row.value == value and state == "done":
            continue
        if row is not None and row.value == value and state == "unreviewed":
            mark_reviewed(row, by)
            changed.append(name)
            continue
        save_translation(entity, name, language, value, by=by)
        changed.append(name)
    return changed
