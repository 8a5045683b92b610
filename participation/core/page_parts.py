"""What a feature's page shows from the features above it.

A page is named after its endpoint ("programme.item", "proposals.detail").
A feature that shows something on another feature's page registers a part:
a function of the page's object that returns template variables. The page's
view merges the variables of every part, so the feature that owns the page
needs not know which features add to it, nor import them.

A page may keep the part of it that is the same for many readers (``core/kept.py``):
its *kept* parts are read only when that rendering is built, so they may read only
what the page's revision follows (the programme item page: ``OPEN_DATA``, to which a
feature adds its models with ``register_item_data``). What of the reader such a part
shows is named by its ``audience`` (a function of nothing, the reader being the
request's), which is part of the kept rendering's key.
"""
from collections import defaultdict

PAGE_PARTS = defaultdict(list)
KEPT_PAGE_PARTS = defaultdict(list)  # page -> [(part, audience or None)]


def register_page_part(page, part):
    """Add ``part(obj) -> dict`` to the page named ``page``; returns ``part`` (usable as a decorator)."""
    PAGE_PARTS[page].append(part)
    return part


def register_kept_page_part(page, part, audience=None):
    """Add ``part(obj) -> dict`` to the kept rendering of ``page``; ``audience()`` tells the readers apart."""
    KEPT_PAGE_PARTS[page].append((part, audience))
    return part


def page_parts(page, obj):
    """The template variables that every registered part of ``page`` gives for ``obj``."""
    context = {}
    for part in PAGE_PARTS[page]:
        context.update(part(obj))
    return context


def kept_page_parts(page, obj):
    """The template variables of the kept parts of ``page`` for ``obj`` (when its rendering is built)."""
    context = {}
    for part, _audience in KEPT_PAGE_PARTS[page]:
        context.update(part(obj))
    return context


def kept_audience(page):
    """What of the reader the kept parts of ``page`` show: part of the key of its kept rendering."""
    return tuple(audience() for _part, audience in KEPT_PAGE_PARTS[page] if audience is not None)
