"""Atom 1.0 feeds of progress updates (RFC 4287), written with the templates' XML escaping."""
from urllib.parse import urlparse

from flask import current_app, render_template, request

from ..core.models import as_utc, utcnow
from ..translations.services import expect_translations
from .statuses import status_label


def tag_uri(kind, key):
    """A permanent id (RFC 4151): the site's host, the year the feeds began, and what it names."""
    host = urlparse(current_app.config.get("BASE_URL") or request.url_root).hostname or "localhost"
    return f"tag:{host},2026:{kind}/{key}"


def atom_body(title, updates, alternate_url, key):
    """The feed's XML (``application/atom+xml``)."""
    expect_translations(updates)
    updated = max((as_utc(update.created_at) for update in updates), default=None) or utcnow()
    return render_template(
        "progress/feed.xml", title=title, updates=updates, alternate_url=alternate_url, self_url=request.url,
        feed_id=tag_uri("progress", key), updated=updated, tag_uri=tag_uri, as_utc=as_utc, status_label=status_label,
    )
