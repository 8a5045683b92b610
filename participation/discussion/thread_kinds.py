"""What a discussion can be about: a registry of thread kinds.

Every thread belongs to one thing (a programme item, a proposal). The
discussion routes carry the kind and the id of that thing; each kind tells
how to find its thread, creating it when the first comment is posted.
Programme items are below discussion and are registered here; features
above it (proposals) register their own kind beside their models.
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort

from ..extensions import db
from ..programme.models import ProgrammeItem
from .models import Thread
from .services import ensure_item_thread, get_item_thread

THREAD_KINDS = {}


@dataclass(frozen=True)
class ThreadKind:
    name: str
    # (id of the thing, create) -> its Thread, or None when it has none yet and
    # create is false; aborts with 404 when the thing does not exist or is not public.
    thread_for: Callable[[int, bool], Thread | None]


def register_thread_kind(kind):
    THREAD_KINDS[kind.name] = kind
    return kind


def thread_of(kind_name, target_id, create):
    """The thread of the ``kind_name`` thing ``target_id`` (see ``ThreadKind.thread_for``); 404 for an unknown kind."""
    kind = THREAD_KINDS.get(kind_name) or abort(404)
    return kind.thread_for(target_id, create)


def _item_thread(item_id, create):
    db.get_or_404(ProgrammeItem, item_id)
    return ensure_item_thread(item_id) if create else get_item_thread(item_id)


register_thread_kind(ThreadKind(name="item", thread_for=_item_thread))
