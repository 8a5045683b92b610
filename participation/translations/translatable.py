"""What content can be translated, behind one small interface.

Each kind of content (a programme area, item, department...) registers a
``Translatable`` beside its models with ``register_translatable``. Reading,
editing, the status screen and the shipped translation files only talk to
this interface.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.i18n import DEFAULT_LANGUAGE, LANGUAGES

TRANSLATABLES = {}


@dataclass(frozen=True)
class Translatable:
    name: str  # stored as ContentTranslation.entity_type
    model: type
    fields: tuple  # the translatable attributes, in the order of the edit screen
    label: Callable[[Any], str]  # one entity as a line of the status screen, in Italian
    plural_label: Any  # the kind of content on the status screen (a lazy string: "Areas")
    list_all: Callable[[], list]  # every entity, in the order of the status screen
    page_url: Callable[[Any], str]  # the public page showing the entity
    # In the shipped translation files: the section of this kind ("areas"), and the key of one
    # entity in it. ``file_value_only``: the section maps each key straight to the value of
    # the only field, instead of to an object of fields.
    file_section: str | None = None
    file_key: Callable[[Any], str] | None = None
    file_value_only: bool = False
    # Light classes read as this kind (a menu's choice with the id and title of an item): their
    # translated fields are shown like the entity's.
    stand_ins: tuple = ()
    # The language an entity's original is written in; None: Italian, as for the programme.
    source_language: Callable[[Any], str] | None = None
    # Fields whose original is shown as clean HTML: (field, attribute holding the original's HTML,
    # function turning a translation's text into clean HTML, run when the translation is saved).
    html_fields: tuple = ()
    # True: every translation of this kind into a language is read with one query per request (the
    # programme: a few hundred rows). False for kinds that keep growing: a page says which entities
    # it shows (``expect_translations``) and only theirs are read, still in one query.
    loaded_whole: bool = True

    def source_of(self, entity):
        """The language ``entity``'s original is written in."""
        code = self.source_language(entity) if self.source_language is not None else DEFAULT_LANGUAGE
        return code or DEFAULT_LANGUAGE

    def targets_of(self, entity):
        """The languages ``entity`` can be translated into: every language but its original's."""
        source = self.source_of(entity)
        return [code for code in LANGUAGES if code != source]

    def html_field(self, name):
        """``(attribute of the original's HTML, render function)`` for an HTML field, or None."""
        return next(((attribute, render) for field, attribute, render in self.html_fields if field == name), None)


def register_translatable(name, model, fields, **rest):
    """Make ``model``'s ``fields`` translatable as ``name``; ``rest`` are the other fields of Translatable."""
    TRANSLATABLES[name] = Translatable(name=name, model=model, fields=tuple(fields), **rest)
    return TRANSLATABLES[name]


def get_translatable(name):
    """The registered kind of content called ``name``, or None."""
    return TRANSLATABLES.get(name)


def translatable_of(entity):
    """The registered kind of content ``entity`` is, or None."""
    return next((kind for kind in TRANSLATABLES.values() if isinstance(entity, (kind.model, *kind.stand_ins))), None)


def shipped_translatables():
    """The kinds of content that appear in shipped translation files, in registration order."""
    return [kind for kind in TRANSLATABLES.values() if kind.file_section]
