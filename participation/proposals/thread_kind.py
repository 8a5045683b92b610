"""Proposals are discussed: their thread kind, registered with discussion."""
from flask import abort

from ..discussion.services import ensure_proposal_thread
from ..discussion.thread_kinds import ThreadKind, register_thread_kind
from .services import get_public_proposal


def _proposal_thread(proposal_id, create):
    # A public proposal always has its thread: it is made on the first look.
    proposal = get_public_proposal(proposal_id) or abort(404)
    return ensure_proposal_thread(proposal)


register_thread_kind(ThreadKind(name="proposal", thread_for=_proposal_thread))
