"""Business rules of content translations: reading with fallback, editing,
review after an edited original, and shipped translation files."""
import hashlib
import json
from dataclasses import dataclass

from flask import g
from markupsafe import Markup, escape
from sqlalchemy import and_, or_, select

from ..core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..core.models import utcnow
from ..extensions import db
from .models import ContentTranslation
from .translatable import TRANSLATABLES, get_translatable, translatable_of

# The languages programme content (written in Italian) is translated into.
TARGET_LANGUAGES = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]
STATUSES = ("missing", "partial", "needs_review", "unreviewed", "complete")
ORIGINAL = "original"  # the status of an entity in the language its original is written in


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


def _kind_of(entity):
    kind = translatable_of(entity)
    if kind is None:
        raise TranslationError(f"{type(entity).__name__} has no translatable content")
    return kind


def source_language_of(entity):
    """The language ``entity``'s original is written in (Italian for the programme); raises TranslationError."""
    return _kind_of(entity).source_of(entity)


def target_languages_of(entity):
    """The languages ``entity`` can be translated into; raises TranslationError."""
    return _kind_of(entity).targets_of(entity)


def get_entity(entity_type, entity_id):
    """The entity of a registered kind of content with this id, or None."""
    kind = get_translatable(entity_type)
    if kind is None:
        return None
    return db.session.get(kind.model, entity_id)


def source_hash(value):
    """A stable fingerprint of an original of any shape."""
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
    is_fallback: bool = False  # the original stands in for a missing translation
    is_machine: bool = False
    is_outdated: bool = False  # the original changed after it was translated
    machine_hidden: bool = False  # an automatic translation exists, the original was asked for
    translation_hidden: bool = False  # a translation exists, the original was asked for
    is_unreviewed: bool = False  # a translation no person of the City has reviewed yet
    html: str | None = None  # the clean HTML of the value, for fields shown as HTML
    source_language: str = DEFAULT_LANGUAGE  # the language of the original

    @property
    def is_translation(self):
        """True when a translation is shown, not the original."""
        return self.language != self.source_language

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


def expect_translations(entities):
    """Say that this request shows ``entities`` (of a kind not loaded whole, such as progress
    updates): their translations are read together with the next translations read, in one query."""
    wanted = g.setdefault("_translations_wanted", set())
    for entity in entities:
        wanted.add((entity_type_of(entity), entity.id))


def _translations_in(language, also=()):
    """The content translations into ``language`` this request needs, read with one query.

    The whole programme in one language is a few hundred short rows: one query serves every
    area, item and department a page shows. Kinds that keep growing (progress updates) come
    only for the entities the page said it shows (``expect_translations``) or asked for
    (``also``), in the same query when they are known before it runs.
    """
    cache = _request_cache()
    rows_key, loaded_key = ("rows", language), ("loaded", language)
    pending = (set(g.get("_translations_wanted", ())) | set(also)) - cache.get(loaded_key, set())
    conditions = []
    if rows_key not in cache:
        conditions.append(ContentTranslation.entity_type.in_(
            [name for name, kind in TRANSLATABLES.items() if kind.loaded_whole]))
    by_type = {}
    for entity_type, entity_id in pending:
        by_type.setdefault(entity_type, set()).add(entity_id)
    conditions.extend(and_(ContentTranslation.entity_type == entity_type, ContentTranslation.entity_id.in_(ids))
                      for entity_type, ids in sorted(by_type.items()))
    if conditions:
        rows = db.session.scalars(
            select(ContentTranslation).where(ContentTranslation.language == language, or_(*conditions)))
        found = cache.setdefault(rows_key, {})
        found.update({(row.entity_type, row.entity_id, row.field): row for row in rows})
        cache.setdefault(loaded_key, set()).update(pending)
    return cache[rows_key]


def find_translation(entity_type, entity_id, field_name, language):
    kind = get_translatable(entity_type)
    also = () if kind is None or kind.loaded_whole else ((entity_type, entity_id),)
    return _translations_in(language, also).get((entity_type, entity_id, field_name))


def show(entity, field_name, language, machine=True, original=False):
    """The content of ``entity.field_name`` to show in ``language``.

    The original is shown in its own language (Italian for the programme, the
    author's for a progress update); elsewhere it falls back to the original when
    there is no translation (or, with ``machine=False``, when only an automatic one
    exists); ``original`` shows the original even where a translation exists.
    """
    kind = _kind_of(entity)
    source = kind.source_of(entity)
    value = getattr(entity, field_name)
    html = kind.html_field(field_name)
    as_original = {"source_language": source, "html": getattr(entity, html[0]) if html else None}
    if language == source or language not in LANGUAGES or is_empty(value):
        return Shown(value, source, **as_original)
    row = find_translation(kind.name, entity.id, field_name, language)
    if row is None or is_empty(row.value) or (html and row.value_html is None):
        return Shown(value, source, is_fallback=True, **as_original)
    if row.is_machine and not machine:
        return Shown(value, source, is_fallback=True, machine_hidden=True, translation_hidden=True, **as_original)
    if original:
        return Shown(value, source, is_fallback=True, machine_hidden=row.is_machine, translation_hidden=True,
                     **as_original)
    outdated = is_outdated(row, value)
    return Shown(row.value, language, is_machine=row.is_machine, is_outdated=outdated,
                 is_unreviewed=outdated or not row.is_reviewed,  # a review of an older original is none
                 html=row.value_html if html else None, source_language=source)


def translations_of(entity_type, entity_ids):
    """``{entity id: [ContentTranslation, ...]}``: every stored translation of these entities of one
    kind, in every language, read with one query (for the open data)."""
    found = {}
    ids = list(entity_ids)
    if not ids:
        return found
    for row in db.session.scalars(
            select(ContentTranslation).where(ContentTranslation.entity_type == entity_type,
                                             ContentTranslation.entity_id.in_(ids))
            .order_by(ContentTranslation.language, ContentTranslation.field)):
        found.setdefault(row.entity_id, []).append(row)
    return found


def is_outdated(row, original, original_hash=None):
    """True when translation ``row`` was made from another text than ``original`` as it is now
    (``original_hash``: its ``source_hash``, when the caller has it already)."""
    return row.needs_review or row.source_hash != (original_hash or source_hash(original))


def is_current_review(row, original, original_hash=None):
    """True when a person of the City has reviewed ``row`` against ``original`` as it is now."""
    return row.is_reviewed and not is_outdated(row, original, original_hash)


def translated(entity, field_name, language):
    """``(value, language_shown)``: the translation, or the original and its language."""
    shown = show(entity, field_name, language)
    return shown.value, shown.language


# --- editing -------------------------------------------------------------------

def _check_target(entity, entity_type, field_name, language):
    if entity_type not in TRANSLATABLES or field_name not in fields_of(entity_type):
        raise TranslationError(f"{entity_type}.{field_name} cannot be translated")
    if language not in target_languages_of(entity):
        raise TranslationError(f"{language!r} is not a translation language of {entity_type} {entity.id}")


def save_translation(entity, field_name, language, value, by=None, is_machine=False):
    """Store ``value`` as the translation of ``entity.field_name`` into ``language``.

    ``by`` is the translator (None for shipped or automatic translations): a
    translation written by a person counts as reviewed, the others do not. The
    translation is recorded against the current original, so it no longer needs
    review. An empty value removes the translation. Flushes, never commits.
    Returns the ContentTranslation, or None when removed. Raises TranslationError.
    """
    entity_type = entity_type_of(entity)
    _check_target(entity, entity_type, field_name, language)
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
    html = TRANSLATABLES[entity_type].html_field(field_name)
    row.value_html = html[1](value) if html else None  # sanitised once, here, like the original
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


def field_status(entity, field_name, row):
    """"done", "review", "unreviewed" (shipped text no person of the City has
    reviewed yet) or "missing" for one field in one language."""
    original = getattr(entity, field_name)
    if is_empty(original):
        return "done"
    if row is None or is_empty(row.value):
        return "missing"
    if row.is_machine or is_outdated(row, original):
        return "review"
    if not row.is_reviewed:
        return "unreviewed"
    return "done"


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
