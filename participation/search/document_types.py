"""What the index holds: a registry of document types, and the filter choices of the search page.

Each searchable thing (a programme item, a proposal, a comment) registers a
``DocumentType`` beside its models: the table it is built from (a row of it
added, changed or deleted in a flush is re-indexed before the commit), how a
batch of rows becomes index rows, and the address of a result. A document may
sit inside another (a comment in an item's or proposal's thread, named in its
``parent`` as "item:3"): it takes its title, visibility and areas from that
one, which is re-indexed with it. The search page lists the types in the
order they are registered.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DOCUMENT_TYPES = {}
_TYPE_OF_MODEL = {}
_DOCUMENTS_THROUGH = {}  # model -> (row -> (kind, id) of the document it is part of, or None)
_area_choices = None  # () -> [(area number, label, label's language)]


@dataclass(frozen=True)
class Inherited:
    """What a document takes from the one it sits in."""

    title: str
    visible: bool
    areas: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class DocumentType:
    name: str  # SearchDocument.kind; the ``kind`` filter of the search page
    label: Any  # lazy text: the filter's checkbox and the kind shown on each result
    model: type  # the mapped class whose rows become these documents
    # ids -> index rows (``documents.document_row``) of the ones that exist, visible or not
    build: Callable[[list[int]], list[dict]]
    url: Callable[[Any], str]  # SearchDocument -> the address of the result
    # (SearchDocument, its title) -> the result's heading, for documents shown by another's
    # title (a comment, by its thread's); None shows the title itself
    heading: Callable[[Any, str], str] | None = None
    # (SearchDocument, reader's language) -> (title, its language): the title to show a reader,
    # in the reader's language where it has been translated; None shows the stored title
    title_in: Callable[[Any, str], tuple[str, str]] | None = None
    # For documents that others sit in: ids -> {id: Inherited} of those that exist
    inherited: Callable[[set[int]], dict[int, Inherited]] | None = None

    @property
    def holds_others(self):
        return self.inherited is not None


def register_document_type(document_type):
    DOCUMENT_TYPES[document_type.name] = document_type
    _TYPE_OF_MODEL[document_type.model] = document_type.name
    return document_type


def register_indexed_through(model, document_of):
    """Rows of ``model`` are part of another document (a translation of an item's title):
    a row added, changed or deleted re-indexes ``document_of(row)``, a ``(kind, id)`` or None."""
    _DOCUMENTS_THROUGH[model] = document_of


def document_through(obj):
    """``(kind, id)`` of the document ``obj`` is part of, when its model was registered; else None."""
    document_of = _DOCUMENTS_THROUGH.get(type(obj))
    return document_of(obj) if document_of is not None else None


def get_document_type(name):
    return DOCUMENT_TYPES.get(name)


def document_type_names():
    """The names of every registered type, in the order of the search page."""
    return tuple(DOCUMENT_TYPES)


def type_name_of(model):
    """The name of the document type built from ``model``, or None when it is not searchable."""
    return _TYPE_OF_MODEL.get(model)


def inherited_from(name, ids):
    """``{id: Inherited}`` from the ``name`` documents ``ids``, for the documents that sit in them."""
    document_type = DOCUMENT_TYPES.get(name)
    if document_type is None or not document_type.holds_others or not ids:
        return {}
    return document_type.inherited(set(ids))


def title_of_parent(parent, language):
    """``(title, its language)`` of the document named by ``parent`` ("item:3") for a reader of
    ``language``, or None when its type shows stored titles."""
    kind, _sep, target_id = (parent or "").partition(":")
    document_type = DOCUMENT_TYPES.get(kind)
    if document_type is None or document_type.title_in is None or not target_id.isdigit():
        return None
    return document_type.title_in(_Named(kind, int(target_id)), language)


@dataclass(frozen=True)
class _Named:
    """Stands for a SearchDocument where only its kind and target are known."""

    kind: str
    target_id: int
    language: str = "it"
    title: str = ""


def register_area_choices(choices):
    """``choices``: () -> [(area number, label, label's language)], the areas the search page filters by."""
    global _area_choices
    _area_choices = choices


def area_choices():
    """The ``(number, label, label's language)`` of the search page's area filter (none until registered)."""
    return _area_choices() if _area_choices is not None else []
