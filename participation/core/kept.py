"""Rendered parts of pages, kept in each app process under what they were built from.

A key names a part and everything its HTML depends on, the revision of its content included
(``revisions.py``, or a thread's own revision): once that moves, the old entry is never asked
for again and ages out. The store is a least-recently-used one bounded by the characters it
holds (``DISCUSSION_CACHE_BYTES``; ``0`` keeps nothing). Several app servers need no shared
store: each reads the revision from the database.

A kept part may hold forms: ``kept_html`` keeps the page's CSRF token out of the stored HTML
(a placeholder stands in for it) and puts the reader's own token in when the part is served,
so a kept part never carries one reader's token to another.
"""
from threading import Lock

from cachetools import LRUCache
from flask import current_app, g
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

_EXTENSION = "kept parts"
_TOKEN_PLACEHOLDER = "\x00csrf-token\x00"  # never in rendered HTML: NUL is not a character of HTML text


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
            if html is not None and _size(html) <= self._store.maxsize:  # None: nothing to keep
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


def _field_name():
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def without_token(html):
    """``html`` just rendered, fit to keep: this request's CSRF token replaced by a placeholder."""
    html = str(html).replace(_TOKEN_PLACEHOLDER, "")  # were it in the content, it would not take the token's place
    token = g.get(_field_name())
    return html.replace(token, _TOKEN_PLACEHOLDER) if token else html


def with_token(html):
    """Kept ``html`` for this request: its reader's CSRF token in the placeholder's place."""
    if _TOKEN_PLACEHOLDER in html:
        html = html.replace(_TOKEN_PLACEHOLDER, generate_csrf())
    return Markup(html)


def kept_html(key, render):
    """The HTML ``render()`` makes for ``key``, kept; the reader's CSRF token is put in each time."""
    return with_token(section_cache().get_or_render(key, lambda: without_token(render())))
