"""What the index holds for each item, proposal and comment, built in a few queries per batch."""
from collections import defaultdict

from sqlalchemy import select

from ..discussion.models import Comment, Thread
from ..extensions import db
from ..programme.models import ItemArea, ProgrammeItem
from ..proposals.models import Proposal, ProposalItem
from .text import stemmed_text


def _areas(numbers):
    return "," + "".join(f"{n}," for n in sorted(set(numbers)))


def _block_text(value):
    """Every string in a programme item's macro-action blocks (paragraphs, list entries)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() if key != "type" for text in _block_text(item)]
    if isinstance(value, list):
        return [text for item in value for text in _block_text(item)]
    return []


def _row(kind, target_id, title, body, visible, areas, language="it", parent=None, ref="", index_title=True):
    return {
        "kind": kind,
        "target_id": target_id,
        "parent": parent,
        "area_numbers": _areas(areas),
        "language": language or "it",
        "title": title,
        "body": body,
        "ref": ref,
        "visible": bool(visible),
        "stemmed_title": stemmed_text(title) if index_title else "",
        "stemmed_body": stemmed_text(body),
    }


def _item_areas(item_ids):
    areas = defaultdict(set)
    if item_ids:
        for item_id, number in db.session.execute(
            select(ItemArea.item_id, ItemArea.area_number).where(ItemArea.item_id.in_(item_ids))
        ):
            areas[item_id].add(number)
    return areas


def _proposal_areas(proposal_ids):
    areas = defaultdict(set)
    if proposal_ids:
        for proposal_id, number in db.session.execute(
            select(ProposalItem.proposal_id, ItemArea.area_number)
            .join(ItemArea, ItemArea.item_id == ProposalItem.programme_item_id)
            .where(ProposalItem.proposal_id.in_(proposal_ids))
        ):
            areas[proposal_id].add(number)
    return areas


def _proposal_is_visible(status, moderation_status):
    return status != "draft" and moderation_status is None


def item_rows(ids):
    items = db.session.scalars(select(ProgrammeItem).where(ProgrammeItem.id.in_(ids))).all()
    areas = _item_areas([item.id for item in items])
    return [
        _row("item", item.id, item.title, "\n".join([item.objective or "", *_block_text(item.macro_actions or [])]),
             True, areas[item.id], ref=item.slug)
        for item in items
    ]


def proposal_rows(ids):
    proposals = db.session.scalars(select(Proposal).where(Proposal.id.in_(ids))).all()
    areas = _proposal_areas([p.id for p in proposals])
    return [
        _row("proposal", p.id, p.title, p.body, _proposal_is_visible(p.status, p.moderation_status),
             areas[p.id], language=p.language)
        for p in proposals
    ]


def comment_rows(ids):
    rows = db.session.execute(
        select(Comment.id, Comment.body, Comment.language, Comment.status, Comment.deleted_at,
               Thread.kind, Thread.programme_item_id, Thread.proposal_id)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.id.in_(ids))
    ).all()
    item_ids = {r.programme_item_id for r in rows if r.kind == "item"}
    proposal_ids = {r.proposal_id for r in rows if r.kind == "proposal"}
    item_titles = dict(db.session.execute(
        select(ProgrammeItem.id, ProgrammeItem.title).where(ProgrammeItem.id.in_(item_ids))
    ).all()) if item_ids else {}
    proposals = {p.id: p for p in db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.status, Proposal.moderation_status)
        .where(Proposal.id.in_(proposal_ids))
    )} if proposal_ids else {}
    item_areas, proposal_areas = _item_areas(item_ids), _proposal_areas(proposal_ids)
    documents = []
    for r in rows:
        visible = r.status == "published" and r.deleted_at is None
        if r.kind == "item":
            title, areas, parent = item_titles.get(r.programme_item_id, ""), item_areas[r.programme_item_id], \
                f"item:{r.programme_item_id}"
        else:
            proposal = proposals.get(r.proposal_id)
            title = proposal.title if proposal else ""
            visible = visible and proposal is not None and _proposal_is_visible(proposal.status,
                                                                               proposal.moderation_status)
            areas, parent = proposal_areas[r.proposal_id], f"proposal:{r.proposal_id}"
        documents.append(_row("comment", r.id, title, r.body or "", visible, areas, language=r.language,
                              parent=parent, index_title=False))
    return documents


BUILDERS = {"item": item_rows, "proposal": proposal_rows, "comment": comment_rows}
