"""Rendered pages of comments (``section.py``), kept in each app process (``core/kept.py``).

What an audience sees of a thread depends only on the thread's revision,
the page, the sort order, the position filter, the language and the page
address, so the rendering is kept under that key, in the store of kept page
parts (bounded by the total length of the HTML it holds: ``DISCUSSION_CACHE_BYTES``).
Nothing is ever stale: any change a thread shows raises its revision in the
same transaction (``revision.py``), and an entry of an older revision is
simply never asked for again. Several app servers need no shared cache: each
reads the revision from the database.
"""
from ..core.kept import SectionCache, section_cache

__all__ = ["SectionCache", "section_cache"]
