"""Translation files shipped with the project: ``data/translations/programme.<lang>.json``.

Format: ``{"language": "en", "areas": {"1": {"title": ..., "intro": [...]}},
"items": {"<slug>": {"title": ..., "objective": ..., "macro_actions": [blocks]}},
"departments": {"<Italian name>": "<name>"}}``; any key may be missing.
``programme.it.json``, in the same format, is the Italian text they were
translated from: a field whose original has changed since is not imported
(fields it does not mention are imported).

The sections are those of the kinds of content registered in ``translatable``
with a ``file_section``. An imported translation is not yet reviewed by the
City (pages say so) until a translator reviews it on the site; from then on,
and after any edit on the site, imports leave it alone.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..core.i18n import LANGUAGES
from ..extensions import db
from .blocks import same_shape
from .models import ContentTranslation
from .services import TARGET_LANGUAGES, is_empty, save_translation, source_hash
from .translatable import shipped_translatables

SOURCE_FILE = "programme.it.json"
FILE_GLOB = "programme.*.json"


class TranslationFileError(ValueError):
    """A translation file that cannot be read; the message names the problem."""


@dataclass
class TranslationImportReport:
    language: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # edited or reviewed by a translator on the site: never overwritten
    outdated: int = 0  # the Italian original changed since the file was written
    warnings: list = field(default_factory=list)

    def summary(self):
        text = f"{self.language}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.kept:
            text += f", {self.kept} kept (edited on the site)"
        if self.outdated:
            text += f", {self.outdated} skipped (original changed)"
        return text


def _is_text_list(value):
    return isinstance(value, list) and all(isinstance(entry, str) for entry in value)


def _is_blocks(value):
    if not isinstance(value, list):
        return False
    for block in value:
        if not isinstance(block, dict):
            return False
        if block.get("type") == "paragraph" and isinstance(block.get("text"), str):
            continue
        if block.get("type") == "list" and _is_text_list(block.get("items")):
            continue
        return False
    return True


FIELD_CHECKS = {"title": lambda v: isinstance(v, str), "objective": lambda v: isinstance(v, str),
                "intro": _is_text_list, "macro_actions": _is_blocks}


def validate_translation_data(data, source=None):
    """Problems of a translation file's content, as readable lines.

    Checks the structure; with ``source`` (the Italian file) also that every
    area, item slug and department exists there and has the same shape.
    """
    problems = []
    if not isinstance(data, dict):
        return ["the file must hold a JSON object"]
    language = data.get("language")
    if language not in LANGUAGES:
        problems.append(f"unknown language {language!r}")
    for kind in shipped_translatables():
        if kind.file_value_only:
            problems += _value_only_section_problems(kind.file_section, data, source)
        else:
            problems += _fields_section_problems(kind.file_section, kind.fields, data, source)
    return problems


def _fields_section_problems(section, allowed, data, source):
    """Problems of a section mapping each key to an object of fields."""
    entries = data.get(section, {})
    if not isinstance(entries, dict):
        return [f"{section} must be an object"]
    problems = []
    for key, fields in entries.items():
        where = f"{section}[{key!r}]"
        if not isinstance(fields, dict):
            problems.append(f"{where} must be an object")
            continue
        known = source.get(section, {}).get(key) if source is not None else None
        if source is not None and known is None:
            problems.append(f"{where} does not exist in the programme")
        for name, value in fields.items():
            if name not in allowed:
                problems.append(f"{where}: unknown field {name!r}")
            elif not FIELD_CHECKS[name](value):
                problems.append(f"{where}.{name} has the wrong type")
            elif known is not None and name in known and not same_shape(known[name], value):
                problems.append(f"{where}.{name} does not have the shape of the original")
    return problems


def _value_only_section_problems(section, data, source):
    """Problems of a section mapping each Italian original straight to its translation."""
    entries = data.get(section, {})
    if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
        return [f"{section} must map Italian names to translated names"]
    if source is None:
        return []
    return [
        f"{section}[{key!r}] does not exist in the programme" for key in entries if key not in source.get(section, {})
    ]


def load_translation_file(path):
    """The parsed content of a translation file; raises TranslationFileError."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TranslationFileError(f"{path.name}: {error}") from None
    problems = validate_translation_data(data)
    if problems:
        raise TranslationFileError(f"{path.name}: " + "; ".join(problems))
    return data


def _import_field(report, entity, field_name, value, source_value):
    original = getattr(entity, field_name)
    if is_empty(value):
        return
    if source_value is not None and source_hash(source_value) != source_hash(original):
        report.outdated += 1
        return
    if isinstance(original, list) and not same_shape(original, value):
        report.warnings.append(f"{entity!r}.{field_name}: not the shape of the original, skipped")
        return
    from .services import entity_type_of

    row = db.session.scalar(
        select(ContentTranslation).where(
            ContentTranslation.entity_type == entity_type_of(entity),
            ContentTranslation.entity_id == entity.id,
            ContentTranslation.field == field_name,
            ContentTranslation.language == report.language,
        )
    )
    if row is not None and (row.translated_by_id is not None or row.is_reviewed):
        report.kept += 1
        return
    if (
        row is not None
        and row.value == value
        and row.source_hash == source_hash(original)
        and not row.needs_review
        and not row.is_machine
    ):
        report.unchanged += 1
        return
    save_translation(entity, field_name, report.language, value)
    if row is None:
        report.created += 1
    else:
        report.updated += 1


def import_translation_data(data, source=None):
    """Store the translations of one file's content. Flushes, never commits.

    Creates missing translations and refreshes earlier imported ones; never
    touches a translation edited on the site, nor a field whose Italian
    original changed since ``source`` was written. Returns a TranslationImportReport.
    """
    problems = validate_translation_data(data)
    if problems:
        raise TranslationFileError("; ".join(problems))
    language = data["language"]
    if language not in TARGET_LANGUAGES:
        raise TranslationFileError(f"{language!r} is the language of the originals")
    report = TranslationImportReport(language)
    source = source or {}

    for kind in shipped_translatables():
        section = kind.file_section
        entities = {kind.file_key(entity): entity for entity in db.session.scalars(select(kind.model))}
        for key, entry in data.get(section, {}).items():
            entity = entities.get(key)
            if entity is None:
                report.warnings.append(f"{section}[{key!r}] is not in the programme, skipped")
                continue
            if kind.file_value_only:
                _import_field(report, entity, kind.fields[0], entry, source.get(section, {}).get(key))
                continue
            source_fields = source.get(section, {}).get(key, {})
            for name, value in entry.items():
                _import_field(report, entity, name, value, source_fields.get(name))
    return report


def import_translation_directory(directory):
    """Import every ``programme.<lang>.json`` of ``directory`` (reports in language order).

    Raises TranslationFileError on an unreadable file, before changing anything.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise TranslationFileError(f"{directory} is not a folder")
    source_path = directory / SOURCE_FILE
    source = load_translation_file(source_path) if source_path.exists() else None
    files = []
    for path in sorted(directory.glob(FILE_GLOB)):
        if path.name == SOURCE_FILE:
            continue
        data = load_translation_file(path)
        expected = path.name.split(".")[1]
        if data.get("language") != expected:
            raise TranslationFileError(f"{path.name}: the file says language {data.get('language')!r}")
        files.append(data)
    return [import_translation_data(data, source) for data in files]
