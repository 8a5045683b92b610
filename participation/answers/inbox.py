"""A department's inbox: new comments and proposals on the items it is responsible for, oldest first."""
from dataclasses import dataclass

from sqlalchemy import and_, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from ..core.models import utcnow
from ..discussion.models import Comment, Thread
from ..extensions import db
from ..programme.models import ItemDepartment
from ..proposals.models import Proposal, ProposalItem
from .models import AnswerRequest, AnswerRequestDepartment

PER_PAGE = 25


@dataclass
class InboxEntry:
    kind: str  # "comment" | "proposal"
    target: object
    request: AnswerRequest | None


def _items_of(department_id):
    return select(ItemDepartment.item_id).where(ItemDepartment.department_id == department_id)


def _not_answered(column, target):
    """No answered request for the target (it may have an open one, or none)."""
    answered = select(AnswerRequest.id).where(column == target, AnswerRequest.answered_at.is_not(None))
    return ~answered.exists()


def _comments(department_id, only_requests):
    condition = and_(Comment.parent_id.is_(None), Comment.status == "published", Comment.deleted_at.is_(None),
                     Comment.is_official.is_(False), Thread.kind == "item",
                     _not_answered(AnswerRequest.comment_id, Comment.id))
    if department_id is not None:
        condition = condition & Thread.programme_item_id.in_(_items_of(department_id))
    if only_requests:
        condition = condition & select(AnswerRequest.id).where(AnswerRequest.comment_id == Comment.id).exists()
    return (select(literal("comment").label("kind"), Comment.id.label("id"), Comment.created_at.label("at"))
            .join(Thread, Thread.id == Comment.thread_id).where(condition))


def _proposals(department_id, only_requests):
    condition = and_(Proposal.status.not_in(("draft", "withdrawn")), Proposal.moderation_status.is_(None),
                     _not_answered(AnswerRequest.proposal_id, Proposal.id))
    if department_id is not None:
        condition = condition & Proposal.id.in_(select(ProposalItem.proposal_id).where(
            ProposalItem.programme_item_id.in_(_items_of(department_id))))
    if only_requests:
        condition = condition & select(AnswerRequest.id).where(AnswerRequest.proposal_id == Proposal.id).exists()
    return select(literal("proposal").label("kind"), Proposal.id.label("id"),
                  func.coalesce(Proposal.published_at, Proposal.created_at).label("at")).where(condition)


def inbox_page(department_id, page, only_requests=False):
    """``(entries, total)``: one page of what ``department_id`` (None: every department) has not answered yet,
    oldest first, each with its answer request if it has one. A fixed number of queries."""
    listed = union_all(_comments(department_id, only_requests), _proposals(department_id, only_requests)).subquery()
    total = db.session.scalar(select(func.count()).select_from(listed))
    rows = db.session.execute(select(listed.c.kind, listed.c.id).order_by(listed.c.at, listed.c.kind, listed.c.id)
                              .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    comment_ids = [row.id for row in rows if row.kind == "comment"]
    proposal_ids = [row.id for row in rows if row.kind == "proposal"]
    comments = {c.id: c for c in db.session.scalars(
        select(Comment).where(Comment.id.in_(comment_ids))
        .options(joinedload(Comment.author), joinedload(Comment.thread).joinedload(Thread.programme_item)))
    } if comment_ids else {}
    proposals = {p.id: p for p in db.session.scalars(
        select(Proposal).where(Proposal.id.in_(proposal_ids)).options(joinedload(Proposal.author)))
    } if proposal_ids else {}
    requests = {}
    if rows:
        found = db.session.scalars(select(AnswerRequest).where(or_(
            AnswerRequest.comment_id.in_(comment_ids or [0]), AnswerRequest.proposal_id.in_(proposal_ids or [0])))
            .options(selectinload(AnswerRequest.departments))).all()
        requests = {("comment", r.comment_id) if r.comment_id else ("proposal", r.proposal_id): r for r in found}
    entries = []
    for row in rows:
        target = comments.get(row.id) if row.kind == "comment" else proposals.get(row.id)
        if target is not None:
            entries.append(InboxEntry(row.kind, target, requests.get((row.kind, row.id))))
    return entries, total


def open_counts(department_ids, now=None):
    """{department id: (open requests, overdue)} for the inbox list."""
    now = now or utcnow()
    if not department_ids:
        return {}
    rows = db.session.execute(
        select(AnswerRequestDepartment.department_id, func.count(),
               func.count().filter(AnswerRequest.due_at < now))
        .join(AnswerRequest, AnswerRequest.id == AnswerRequestDepartment.request_id)
        .where(AnswerRequest.answered_at.is_(None), AnswerRequestDepartment.department_id.in_(department_ids))
        .group_by(AnswerRequestDepartment.department_id)).all()
    return {row[0]: (row[1], row[2]) for row in rows}
