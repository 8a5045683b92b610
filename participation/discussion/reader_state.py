"""A signed-in reader's own state on a page of comments, from the features that keep it.

Features above discussion (votes) register what they know of a reader and
a set of comments; a page of comments reads each once, in a fixed number of
queries, and the templates find it under its name (``discussion.reader``).
"""
READER_STATE = {}


def register_reader_state(name, load):
    """Register ``load(user, comment_ids) -> value`` under ``name``."""
    READER_STATE[name] = load
    return load


def reader_state(user, comment_ids):
    """{name: value} of every registered state for ``user`` and ``comment_ids`` (empty for visitors)."""
    if not getattr(user, "is_authenticated", False) or not comment_ids:
        return {}
    return {name: load(user, comment_ids) for name, load in READER_STATE.items()}
