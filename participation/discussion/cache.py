"""Rendered discussion sections for readers who are not signed in.

What such a reader sees of a thread depends only on the thread's revision,
the page, the sort order, the position filter, the language and the page address, so the HTML
is kept under that key, in each app process (a least-recently-used store
bounded by the total length of the HTML it holds: ``DISCUSSION_CACHE_BYTES``). Nothing is ever stale: any
change a thread shows raises its revision in the same transaction
(``revision.py``), and an entry of an older revision is simply never asked
for again. Several app servers need no shared cache for this.

Signed-in readers see their own votes, forms and controls: their section is
rendered for them each time.
"""
from threading import Lock

from cachetools import LRUCache
from flask import current_app

_EXTENSION = "discussion_cache"


class SectionCache:
    def __init__(self, max_bytes):
        self._store = LRUCache(maxsize=max_bytes, getsizeof=len) if max_bytes > 0 else None
        self._lock = Lock()

    def get_or_render(self, key, render):
        if self._store is None:
            return render()
        with self._lock:
            html = self._store.get(key)
        if html is None:
            html = render()
            if len(html) <= self._store.maxsize:
                with self._lock:
                    self._store[key] = html
        return html


def section_cache():
    cache = current_app.extensions.get(_EXTENSION)
    if cache is None:
        cache = current_app.extensions[_EXTENSION] = SectionCache(current_app.config["DISCUSSION_CACHE_BYTES"])
    return cache
