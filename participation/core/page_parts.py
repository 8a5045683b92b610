"""What a feature's page shows from the features above it.

A page is named after its endpoint ("programme.item", "proposals.detail").
A feature that shows something on another feature's page registers a part:
a function of the page's object that returns template variables. The page's
view merges the variables of every part, so the feature that owns the page
needs not know which features add to it, nor import them.
"""
from collections import defaultdict

PAGE_PARTS = defaultdict(list)


def register_page_part(page, part):
    """Add ``part(obj) -> dict`` to the page named ``page``; returns ``part`` (usable as a decorator)."""
    PAGE_PARTS[page].append(part)
    return part


def page_parts(page, obj):
    """The template variables that every registered part of ``page`` gives for ``obj``."""
    context = {}
    for part in PAGE_PARTS[page]:
        context.update(part(obj))
    return context
