"""Recording votes: one row per person and target, counters changed in SQL beside the row.

Every function is safe when requests race: the unique constraint decides
whether a row is added, and the counter moves only by the rows actually
added or removed.
"""
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import joinedload

from ..core.models import utcnow
from ..core.sql import insert_ignoring_conflict
from ..discussion.models import Comment, Thread
from ..extensions import db
from ..permissions import can_vote_on
from .models import CommentVote, ItemSupport, ProposalSupport


class VoteError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _(text, **values):
    from flask_babel import gettext

    return gettext(text, **values)


def _check(user, target):
    if not can_vote_on(user, target):
        if getattr(target, "author_id", None) == getattr(user, "id", None):
            raise VoteError(_("You cannot vote on what you wrote."))
        raise VoteError(_("Only verified residents can vote."))


# --- programme items -----------------------------------------------------

def support_item(user, item, support=True):
    """Add (or with ``support=False`` withdraw) the person's support for a programme item.

    Returns the item's new support count. Raises VoteError when not allowed.
    """
    from ..discussion.services import ensure_item_thread

    _check(user, item)
    thread = ensure_item_thread(item.id)
    if support:
        changed = insert_ignoring_conflict(ItemSupport, user_id=user.id, programme_item_id=item.id,
                                           created_at=utcnow())
    else:
        changed = -db.session.execute(
            delete(ItemSupport).where(ItemSupport.user_id == user.id, ItemSupport.programme_item_id == item.id)
        ).rowcount
    if changed:
        db.session.execute(update(Thread).where(Thread.id == thread.id)
                           .values(support_count=Thread.support_count + changed))
    return db.session.scalar(select(Thread.support_count).where(Thread.id == thread.id))


def supports_item(user, item_id):
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(func.count()).where(
        ItemSupport.user_id == user.id, ItemSupport.programme_item_id == item_id)) > 0


# --- comments ------------------------------------------------------------

def vote_on_comment(user, comment, value):
    """Set the person's vote on a comment to +1, -1 or 0 (withdrawn).

    Returns ``(up_count, down_count, value)``. Raises VoteError when not allowed.
    """
    if value not in (1, -1, 0):
        raise VoteError(_("Choose up or down."))
    if comment.deleted_at is not None or comment.status != "published" or comment.thread.is_closed:
        raise VoteError(_("This comment cannot receive votes."))
    _check(user, comment)
    mine = (CommentVote.user_id == user.id) & (CommentVote.comment_id == comment.id)
    up = down = 0
    if value == 0:
        up = -db.session.execute(delete(CommentVote).where(mine, CommentVote.value == 1)).rowcount
        down = -db.session.execute(delete(CommentVote).where(mine, CommentVote.value == -1)).rowcount
    else:
        switched = db.session.execute(
            update(CommentVote).where(mine, CommentVote.value == -value).values(value=value)
        ).rowcount
        added = 0 if switched else insert_ignoring_conflict(
            CommentVote, user_id=user.id, comment_id=comment.id, value=value, created_at=utcnow())
        gained, lost = switched + added, switched
        up, down = (gained, -lost) if value == 1 else (-lost, gained)
    if up or down:
        db.session.execute(update(Comment).where(Comment.id == comment.id).values(
            up_count=Comment.up_count + up, down_count=Comment.down_count + down))
    db.session.expire(comment, ["up_count", "down_count"])
    current = db.session.scalar(select(CommentVote.value).where(mine)) or 0
    return comment.up_count, comment.down_count, current


# --- proposals -----------------------------------------------------------

def support_proposal(user, proposal, support=True, threshold=None):
    """Add or withdraw support for a published proposal; returns the new count.

    Marks the proposal "threshold reached" the first time it reaches ``threshold``
    (``PROPOSAL_SUPPORT_THRESHOLD`` by default).
    """
    from flask import current_app

    from ..proposals.models import Proposal
    from ..proposals.services import record_threshold

    if proposal.status not in ("published", "under_evaluation") or proposal.moderation_status is not None:
        raise VoteError(_("This proposal no longer collects support."))
    _check(user, proposal)
    if support:
        changed = insert_ignoring_conflict(ProposalSupport, user_id=user.id, proposal_id=proposal.id,
                                           created_at=utcnow())
    else:
        changed = -db.session.execute(
            delete(ProposalSupport).where(ProposalSupport.user_id == user.id,
                                          ProposalSupport.proposal_id == proposal.id)
        ).rowcount
    if changed:
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(support_count=Proposal.support_count + changed))
    db.session.expire(proposal, ["support_count", "threshold_reached_at"])
    threshold = threshold or current_app.config.get("PROPOSAL_SUPPORT_THRESHOLD", 50)
    if proposal.support_count >= threshold and proposal.threshold_reached_at is None:
        record_threshold(proposal)
    return proposal.support_count


def supports_proposal(user, proposal_id):
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(func.count()).where(
        ProposalSupport.user_id == user.id, ProposalSupport.proposal_id == proposal_id)) > 0


# --- ranking and recount -------------------------------------------------

def rank_items(area_number=None):
    """Programme items with their support counts, most supported first."""
    from ..programme.models import Area, ItemArea, ProgrammeItem

    support = func.coalesce(Thread.support_count, 0)
    query = (
        select(ProgrammeItem, support)
        .outerjoin(Thread, Thread.programme_item_id == ProgrammeItem.id)
        .join(Area, Area.id == ProgrammeItem.primary_area_id)
        .order_by(support.desc(), Area.number, ProgrammeItem.position)
    )
    if area_number is not None:
        query = query.where(ProgrammeItem.id.in_(
            select(ItemArea.item_id).join(Area, Area.id == ItemArea.area_id).where(Area.number == area_number)))
    return db.session.execute(query.options(joinedload(ProgrammeItem.primary_area))).all()


def recount_all():
    """Recompute every counter from the rows; returns a list of drift descriptions. Flushes only."""
    from ..proposals.models import Proposal

    drift = []

    def fix(model, row_id, column, stored, actual):
        if stored != actual:
            drift.append(f"{model.__tablename__} {row_id} {column}: {stored} -> {actual}")
            db.session.execute(update(model).where(model.id == row_id).values({column: actual}))

    supports = dict(db.session.execute(
        select(ItemSupport.programme_item_id, func.count()).group_by(ItemSupport.programme_item_id)).all())
    from ..discussion.services import ensure_item_thread

    for item_id in sorted(supports):
        ensure_item_thread(item_id)  # a support without a thread would have nowhere to count
    counted = Comment.counted_filter()
    comments = dict(db.session.execute(
        select(Comment.thread_id, func.count()).where(counted).group_by(Comment.thread_id)).all())
    positions = {}
    for thread_id, position, n in db.session.execute(
        select(Comment.thread_id, Comment.position, func.count())
        .where(counted, Comment.position.is_not(None)).group_by(Comment.thread_id, Comment.position)
    ):
        positions[(thread_id, position)] = n
    for thread in db.session.scalars(select(Thread).order_by(Thread.id)).all():
        if thread.kind == "item":
            fix(Thread, thread.id, "support_count", thread.support_count, supports.get(thread.programme_item_id, 0))
        fix(Thread, thread.id, "comment_count", thread.comment_count, comments.get(thread.id, 0))
        for position in ("for", "against", "neutral"):
            column = f"{position}_count"
            fix(Thread, thread.id, column, getattr(thread, column), positions.get((thread.id, position), 0))

    votes = {}
    for comment_id, value, n in db.session.execute(
        select(CommentVote.comment_id, CommentVote.value, func.count())
        .group_by(CommentVote.comment_id, CommentVote.value)
    ):
        votes[(comment_id, value)] = n
    for comment_id, up, down in db.session.execute(
        select(Comment.id, Comment.up_count, Comment.down_count).order_by(Comment.id)
    ).all():
        fix(Comment, comment_id, "up_count", up, votes.get((comment_id, 1), 0))
        fix(Comment, comment_id, "down_count", down, votes.get((comment_id, -1), 0))

    proposal_supports = dict(db.session.execute(
        select(ProposalSupport.proposal_id, func.count()).group_by(ProposalSupport.proposal_id)).all())
    for proposal_id, stored in db.session.execute(
        select(Proposal.id, Proposal.support_count).order_by(Proposal.id)
    ).all():
        fix(Proposal, proposal_id, "support_count", stored, proposal_supports.get(proposal_id, 0))
    db.session.flush()
    db.session.expire_all()
    return drift
