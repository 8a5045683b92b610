"""What proposals hold about a person: the proposals they wrote, drafts included.

Deleting the account erases the drafts (nobody else ever saw them) and keeps
the published proposals, shown under the deleted-author name, with their
supports, discussion and answers.
"""
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.personal_data import export_time, register_personal_data
from ..extensions import db
from .models import Proposal, ProposalItem


def _proposals_of(user):
    return db.session.scalars(
        select(Proposal).where(Proposal.author_id == user.id)
        .options(selectinload(Proposal.item_links).selectinload(ProposalItem.item), selectinload(Proposal.events),
                 selectinload(Proposal.group), selectinload(Proposal.neighbourhood))
        .order_by(Proposal.id)
    ).all()


def export_proposals(user):
    """Every proposal of ``user``, oldest first: text, status, the items it is about and its history."""
    return [
        {
            "id": proposal.id,
            "address": url_for("proposals.detail", proposal_id=proposal.id, _external=True),
            "title": proposal.title,
            "text": proposal.body,
            "language": proposal.language,
            "status": proposal.status,
            "moderation_status": proposal.moderation_status,
            "moderation_reason": proposal.moderation_reason,
            "programme_items": [link.item.slug for link in proposal.item_links],
            "neighbourhood": proposal.neighbourhood.name if proposal.neighbourhood is not None else None,
            "on_behalf_of_group": proposal.group.name if proposal.group is not None else None,
            "supports": proposal.support_count,
            "withdrawal_reason": proposal.withdrawal_reason,
            "official_answer": proposal.answer,
            "created_at": export_time(proposal.created_at),
            "updated_at": export_time(proposal.updated_at),
            "published_at": export_time(proposal.published_at),
            "threshold_reached_at": export_time(proposal.threshold_reached_at),
            "answered_at": export_time(proposal.answered_at),
            "history": [
                {"event": event.kind, "from_status": event.from_status, "to_status": event.to_status,
                 "at": export_time(event.created_at)}
                for event in proposal.events
            ],
        }
        for proposal in _proposals_of(user)
    ]


def erase_drafts(user):
    """Delete the drafts of ``user`` (flushes): unpublished, they are nobody's but theirs."""
    for proposal in db.session.scalars(
        select(Proposal).where(Proposal.author_id == user.id, Proposal.status == "draft")
    ):
        db.session.delete(proposal)
    db.session.flush()


register_personal_data("proposals", export=export_proposals, erase=erase_drafts)
