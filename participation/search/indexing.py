"""Keeps the search index in step with every document type's rows, in the same transaction.

Each flush of the application's session notes the rows of the registered
document types (items, proposals, comments) it added, changed or deleted, and
of the models registered as parts of them (an item's translations);
just before the transaction commits they are re-indexed once (a proposal or
item with the comments that sit in it, whose visibility and title follow it),
however many flushes touched them. So the services that publish, edit,
withdraw, hide, restore or delete need not know search exists, and a comment
posted in one request is indexed once, not once per flush.

A large change (an item or proposal whose discussion holds hundreds of
comments, hidden or renamed) re-indexes what sits in it in a background job
(``core/jobs.py``), queued in the same transaction: the request does not
wait for it, and the job cannot be lost.
"""
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..core.jobs import enqueue, register_job
from ..extensions import db
from .document_types import DOCUMENT_TYPES, document_through, type_name_of

_PENDING = "search_pending"
# More documents than this to re-index in one transaction go to a background job.
INLINE_LIMIT = 200
INDEX_JOB = "search.index"


def _index_in_background(document_type, ids):
    from . import services

    services.index_documents(document_type, ids)


register_job(INDEX_JOB, _index_in_background)


def _pending(session):
    return session.info.setdefault(_PENDING, {"changed": set(), "removed": set()})


@event.listens_for(Session, "after_flush")
def _collect(session, flush_context):
    pending = None
    for objects, bucket in ((session.new, "changed"), (session.dirty, "changed"), (session.deleted, "removed")):
        for obj in objects:
            kind = type_name_of(type(obj))
            if kind is not None and obj.id is not None:
                pending = pending or _pending(session)
                pending[bucket].add((kind, obj.id))
                continue
            through = document_through(obj)
            if through is not None:  # a part of a document changed: the document is re-indexed
                pending = pending or _pending(session)
                pending["changed"].add(through)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, previous_transaction):
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_PENDING, None)


def _by_kind(pairs):
    ids = {}
    for kind, target_id in pairs:
        ids.setdefault(kind, set()).add(target_id)
    return ids


@event.listens_for(Session, "before_commit")
def _write(session):
    if session is not db.session():
        return
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    from . import services

    with session.no_autoflush:
        for kind, target_id in pending["removed"]:
            services.remove_document(kind, target_id)
        changed, removed = _by_kind(pending["changed"]), _by_kind(pending["removed"])
        # Documents that hold others first: what sits in them follows them.
        inside = {kind: changed.get(kind, set()) for kind, document_type in DOCUMENT_TYPES.items()
                  if not document_type.holds_others}
        for kind, document_type in DOCUMENT_TYPES.items():
            if document_type.holds_others and changed.get(kind):
                services.index_documents(kind, changed[kind])
                for target_id in changed[kind]:
                    for inner_kind, inner_id in services.documents_inside(kind, target_id):
                        inside.setdefault(inner_kind, set()).add(inner_id)
        for kind, ids in inside.items():
            still_there = ids - removed.get(kind, set())
            if len(still_there) > INLINE_LIMIT:
                enqueue(INDEX_JOB, document_type=kind, ids=sorted(still_there))
            elif still_there:
                services.index_documents(kind, still_there)
