"""How far each translatable entity is translated, language by language: the translators' status screen."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ..core.i18n import LANGUAGES
from ..extensions import db
from .models import ContentTranslation
from .services import ORIGINAL, STATUSES, TARGET_LANGUAGES, field_status, fields_of, is_empty
from .translatable import TRANSLATABLES


@dataclass
class EntityStatus:
    entity_type: str
    entity: object
    statuses: dict = field(default_factory=dict)  # language -> one of STATUSES

    @property
    def label(self):
        return TRANSLATABLES[self.entity_type].label(self.entity)


def entity_status(entity_type, entity, rows_by_field, language=None):
    """The status of ``entity`` in ``language``: one of STATUSES, or ORIGINAL in its original's language."""
    if language is not None and language not in TRANSLATABLES[entity_type].targets_of(entity):
        return ORIGINAL
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
    """Every translatable entity with its status per language, filtered (``narrowed``)."""
    return narrowed(status_lines(entity_type), language, status)


def status_lines(entity_type=None):
    """Every translatable entity (of ``entity_type``, or of every kind) with its status in every
    language; an entity's status in the language of its original is ORIGINAL, and Italian is a
    column only once something is written in another language."""
    rows = db.session.scalars(select(ContentTranslation)).all()
    by_entity = {}
    for row in rows:
        by_entity.setdefault((row.entity_type, row.entity_id, row.language), {})[row.field] = row
    result = []
    for name, kind in TRANSLATABLES.items():
        if entity_type and entity_type != name:
            continue
        for entity in kind.list_all():
            line = EntityStatus(name, entity)
            for code in LANGUAGES:
                line.statuses[code] = entity_status(name, entity, by_entity.get((name, entity.id, code), {}), code)
            result.append(line)
    dropped = [code for code in LANGUAGES if code not in TARGET_LANGUAGES
               and all(line.statuses[code] == ORIGINAL for line in result)]
    for line in result:
        for code in dropped:
            del line.statuses[code]
    return result


def narrowed(lines, language=None, status=None):
    """The status ``lines`` as the screen filters them: ``language`` limits the columns (every
    language otherwise); ``status`` keeps the entities having that status in the chosen language
    (in any language when none is chosen)."""
    if language in LANGUAGES:
        lines = [EntityStatus(line.entity_type, line.entity, {language: line.statuses.get(language, ORIGINAL)})
                 for line in lines]
    return [line for line in lines if not status or status in line.statuses.values()]


def count_statuses(lines, languages):
    """``{language: {status: number of entities}}`` of status lines, every status present (zero too);
    an entity is not counted in the language of its original."""
    counts = {code: dict.fromkeys(STATUSES, 0) for code in languages}
    for line in lines:
        for code in languages:
            if line.statuses[code] in counts[code]:
                counts[code][line.statuses[code]] += 1
    return counts


def translation_languages(lines):
    """The languages some entity of status ``lines`` can be translated into, in the site's order."""
    return [code for code in LANGUAGES
            if any(line.statuses.get(code) not in (None, ORIGINAL) for line in lines)]
