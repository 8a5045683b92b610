"""Proposals listed as published: by a group on its page, by a person on their profile."""
from flask import url_for
from sqlalchemy import select

from ..accounts.services import register_profile_contributions
from ..extensions import db
from ..groups.services import register_group_publications
from .models import PUBLIC_STATUSES, Proposal

LISTED = 20  # the newest ones; the proposals list holds the rest


def _published(condition):
    proposals = db.session.scalars(
        select(Proposal)
        .where(condition, Proposal.status.in_(PUBLIC_STATUSES), Proposal.moderation_status.is_(None))
        .order_by(Proposal.id.desc())
        .limit(LISTED)
    ).all()
    return [{"title": proposal.title, "url": url_for("proposals.detail", proposal_id=proposal.id),
             "created_at": proposal.published_at or proposal.created_at} for proposal in proposals]


@register_group_publications
def proposals_of_group(group):
    """Public proposals submitted on behalf of ``group``, newest first."""
    return _published(Proposal.group_id == group.id)


@register_profile_contributions
def proposals_of_person(user):
    """Public proposals ``user`` wrote, newest first (those on behalf of a group included)."""
    return _published(Proposal.author_id == user.id)
