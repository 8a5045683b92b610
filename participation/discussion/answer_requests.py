"""Answers from the City: what the discussion needs of the feature that keeps answer requests.

A resident writing a top-level comment on a programme item can ask for an
answer from the City. The feature that keeps the requests and their deadlines
sits above the discussion; it registers here what to do with such a wish and
what a top-level comment shows of its request ("due by", "overdue since").
The notes are part of the rendered page, which is cached on the thread's
revision: whoever changes a request raises it (``touch_thread``).
"""
from sqlalchemy import update

from ..extensions import db
from .models import Thread

_REGISTERED = {}


def register_answer_requests(record_wish, notes):
    """``record_wish(comment)`` makes a request of a new top-level comment; ``notes(comment_ids)`` gives
    ``{comment id: Markup}`` to show under those comments."""
    _REGISTERED.update(record_wish=record_wish, notes=notes)


def answers_offered(kind):
    """Whether the comment form of a thread of ``kind`` offers to ask for an answer."""
    return kind == "item" and "record_wish" in _REGISTERED


def record_wish(comment):
    if "record_wish" in _REGISTERED:
        _REGISTERED["record_wish"](comment)


def comment_notes(comment_ids):
    if "notes" not in _REGISTERED:  # asked even for no comments: a page runs the same queries whatever it shows
        return {}
    return _REGISTERED["notes"](comment_ids)


def touch_thread(thread_id):
    """Raise the revision of a thread whose comments show something new (``revision.py`` does the raising)."""
    if thread_id is not None:
        db.session.execute(update(Thread).where(Thread.id == thread_id).values(revision=Thread.revision + 1))
