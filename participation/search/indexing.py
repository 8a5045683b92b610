"""Keeps the search index in step with items, proposals and comments, in the same transaction.

Each flush of the application's session notes the items, proposals and
comments it added, changed or deleted; just before the transaction commits
they are re-indexed once (a proposal or item with its comments, whose
visibility and title follow it), however many flushes touched them. So the
services that publish, edit, withdraw, hide, restore or delete need not know
search exists, and a comment posted in one request is indexed once, not
once per flush.
"""
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..discussion.models import Comment
from ..extensions import db
from ..programme.models import ProgrammeItem
from ..proposals.models import Proposal

_KINDS = {ProgrammeItem: "item", Proposal: "proposal", Comment: "comment"}
_PENDING = "search_pending"


def _pending(session):
    return session.info.setdefault(_PENDING, {"changed": set(), "removed": set()})


@event.listens_for(Session, "after_flush")
def _collect(session, flush_context):
    pending = None
    for objects, bucket in ((session.new, "changed"), (session.dirty, "changed"), (session.deleted, "removed")):
        for obj in objects:
            kind = _KINDS.get(type(obj))
            if kind is not None and obj.id is not None:
                pending = pending or _pending(session)
                pending[bucket].add((kind, obj.id))


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, previous_transaction):
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_PENDING, None)


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
        changed = {kind: {i for k, i in pending["changed"] if k == kind} for kind in _KINDS.values()}
        comments = set(changed["comment"])
        for kind in ("item", "proposal"):
            if changed[kind]:
                services.index_documents(kind, changed[kind])
                for target_id in changed[kind]:
                    comments.update(services.comment_ids_of(kind, target_id))
        removed_comments = {i for k, i in pending["removed"] if k == "comment"}
        if comments - removed_comments:
            services.index_documents("comment", comments - removed_comments)
