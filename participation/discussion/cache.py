"""Rendered pages of comments (``section.py``), kept in each app process.

What an audience sees of a thread depends only on the thread's revision,
the page, the sort order, the position filter, the language and the page
address, so the rendering is kept under that key (a least-recently-used store
bounded by the total length of the HTML it holds: ``DISCUSSION_CACHE_BYTES``).
Nothing is ever stale: any change a thread shows raises its revision in the
same transaction (``revision.py``), and an entry of an older revision is
simply never asked for again. Several app servers need no shared cache: each
reads the revision from the database.
"""
from threading import Lock

from cachetools import LRUCache
from flask import current_app

_EXTENSION = "discussion_cache"


def _size(value):
    return value.size if hasattr(value, "size") else len(value)


class SectionCache:
    def __init__(self, max_bytes):
        self._store = LRUCache(maxsize=max_bytes, getsizeof=_size) if max_bytes > 0 else None
        self._lock = Lock()

    def get_or_render(self, key, render):
        if self._store is None:
            return render()
        with self._lock:
            html = self._store.get(key)
        if html is None:
            html = render()
            if _size(html) <= self._store.maxsize:
                with self._lock:
                    self._store[key] = html
        return html


    def clear(self):
        if self._store is not None:
            with self._lock:
                self._store.clear()


def section_cache():
    cache = current_app.extensions.get(_EXTENSION)
    if cache is None:
        cache = current_app.extensions[_EXTENSION] = SectionCache(current_app.config["DISCUSSION_CACHE_BYTES"])
    return cache
