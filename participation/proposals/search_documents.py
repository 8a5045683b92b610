"""Proposals in the search index: found once published and while not hidden or held."""
from collections import defaultdict

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..programme.models import ItemArea
from ..search.document_types import DocumentType, Inherited, register_document_type
from ..search.documents import document_row
from .models import Proposal, ProposalItem


def areas_of_proposals(proposal_ids):
    """``{proposal id: {area number}}``: the areas of the programme items each proposal is about."""
    areas = defaultdict(set)
    if proposal_ids:
        for proposal_id, number in db.session.execute(
            select(ProposalItem.proposal_id, ItemArea.area_number)
            .join(ItemArea, ItemArea.item_id == ProposalItem.programme_item_id)
            .where(ProposalItem.proposal_id.in_(proposal_ids))
        ):
            areas[proposal_id].add(number)
    return areas


def _is_searchable(status, moderation_status):
    return status != "draft" and moderation_status is None


def proposal_documents(ids):
    proposals = db.session.scalars(select(Proposal).where(Proposal.id.in_(ids))).all()
    areas = areas_of_proposals([p.id for p in proposals])
    return [
        document_row("proposal", p.id, p.title, p.body, _is_searchable(p.status, p.moderation_status),
                     areas[p.id], language=p.language)
        for p in proposals
    ]


def _inherited_from_proposals(ids):
    proposals = db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.status, Proposal.moderation_status)
        .where(Proposal.id.in_(ids))
    ).all()
    areas = areas_of_proposals(ids)
    return {p.id: Inherited(p.title, _is_searchable(p.status, p.moderation_status), areas[p.id])
            for p in proposals}


register_document_type(DocumentType(
    name="proposal",
    label=_l("Proposals"),
    model=Proposal,
    build=proposal_documents,
    url=lambda document: url_for("proposals.detail", proposal_id=document.target_id),
    inherited=_inherited_from_proposals,
))
