"""What votes hold about a person: their votes on comments and their supports of items and proposals.

Deleting the account keeps them: they stay in the counts (a support that
took a proposal over its threshold still did), tied to an account that has
no name, address or password any more.
"""
from sqlalchemy import select

from ..accounts.personal_data import export_time, register_personal_data
from ..extensions import db
from ..programme.models import ProgrammeItem
from ..proposals.models import Proposal
from .models import CommentVote, ItemSupport, ProposalSupport


def export_comment_votes(user):
    """Every vote of ``user`` on a comment: +1 (up) or -1 (down), oldest first."""
    rows = db.session.execute(
        select(CommentVote.comment_id, CommentVote.value, CommentVote.created_at)
        .where(CommentVote.user_id == user.id).order_by(CommentVote.id)
    ).all()
    return [{"comment_id": row.comment_id, "value": row.value, "at": export_time(row.created_at)} for row in rows]


def export_item_supports(user):
    """Every programme item ``user`` marked "This matters to me", oldest first."""
    rows = db.session.execute(
        select(ProgrammeItem.id, ProgrammeItem.slug, ProgrammeItem.title, ItemSupport.created_at)
        .join(ItemSupport, ItemSupport.programme_item_id == ProgrammeItem.id)
        .where(ItemSupport.user_id == user.id).order_by(ItemSupport.id)
    ).all()
    return [{"programme_item_id": row.id, "programme_item": row.slug, "title": row.title,
             "at": export_time(row.created_at)} for row in rows]


def export_proposal_supports(user):
    """Every proposal ``user`` supports, oldest first."""
    rows = db.session.execute(
        select(Proposal.id, Proposal.title, ProposalSupport.created_at)
        .join(ProposalSupport, ProposalSupport.proposal_id == Proposal.id)
        .where(ProposalSupport.user_id == user.id).order_by(ProposalSupport.id)
    ).all()
    return [{"proposal_id": row.id, "title": row.title, "at": export_time(row.created_at)} for row in rows]


register_personal_data("comment_votes", export=export_comment_votes)
register_personal_data("item_supports", export=export_item_supports)
register_personal_data("proposal_supports", export=export_proposal_supports)
