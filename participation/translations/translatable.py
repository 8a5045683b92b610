"""What content can be translated, behind one small interface.

Each kind of content (a programme area, item, department...) registers a
``Translatable`` beside its models with ``register_translatable``. Reading,
editing, the status screen and the shipped translation files only talk to
this interface.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
