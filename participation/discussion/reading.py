"""Reading a discussion: one page of a thread as a tree, and where a comment's page is."""
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from .answer_requests import comment_notes
from .models import POSITIONS, Comment, Thread
from .reader_state import reader_state

# Top-level conversations per page: with their replies (about seven each in a lively discussion) a page
# stays light enough for a phone on a slow connection.
PAGE_SIZE = 15
# Replies shown under each conversation on a page of the thread; the others are one link away, on the
# page of that conversation (``conversation=`` its top-level comment).
REPLIES_SHOWN = 5
# Official answers summed up above the conversations, the newest first; the others are one link away
# (``all_officials``). Each is also in its conversation, where it was written.
OFFICIALS_SHOWN = 3
NESTED_LEVELS = 3  # deeper replies are shown flat under the third level
# Orders of the top-level comments: "discussed" counts the replies of each conversation,
# "controversial" puts first the comments with many votes both ways.
SORTS = ("oldest", "newest", "supported", "discussed", "controversial")


@dataclass
class CommentNode:
    comment: Comment
    children: list = field(default_factory=list)
    reply_to: Comment | None = None  # set when shown flat below the third level
    more: int = 0  # on a top-level comment: replies of its conversation not shown on this page


@dataclass
class ThreadPage:
    thread: Thread | None
    roots: list
    officials: list
    page: int
    pages: int
    total_roots: int
    sort: str
    reader: dict
    comment_ids: list
    position: str | None = None  # only the top-level comments with this position ("for", "against", "neutral")
    conversation: int | None = None  # only this top-level comment, with all its replies
    notes: dict = field(default_factory=dict)  # comment id -> notes shown under it (answer_requests.py)
    more_officials: bool = False  # the thread has official answers beyond ``officials``
    all_officials: bool = False

    @property
    def my_votes(self):
        """{comment id: +1 or -1} of the reader's votes on this page (registered by votes)."""
        return self.reader.get("votes", {})


def _reply_count():
    """The replies of a top-level comment's conversation that count (published, not deleted), in its own row."""
    reply = aliased(Comment)
    return (
        select(func.count())
        .where(reply.root_id == Comment.id, reply.parent_id.is_not(None), reply.status == "published",
               reply.deleted_at.is_(None))
        .correlate(Comment)
        .scalar_subquery()
    )


def _order(sort):
    if sort == "newest":
        return (Comment.id.desc(),)
    if sort == "supported":
        return ((Comment.up_count - Comment.down_count).desc(), Comment.id.asc())
    if sort == "discussed":
        return (_reply_count().desc(), Comment.id.asc())
    if sort == "controversial":
        # The smaller side first (10 up and 9 down divide more than 30 up and 1 down), then all the votes.
        fewer = case((Comment.up_count < Comment.down_count, Comment.up_count), else_=Comment.down_count)
        return (fewer.desc(), (Comment.up_count + Comment.down_count).desc(), Comment.id.asc())
    return (Comment.id.asc(),)


def _roots(thread, user, position):
    """The condition of the thread's top-level comments ``user`` may see, with ``position`` if given."""
    condition = (Comment.thread_id == thread.id) & Comment.parent_id.is_(None) & Comment.visible_filter(user)
    if position is not None:
        condition = condition & (Comment.position == position)
    return condition


def _author_options():
    return [joinedload(Comment.author), joinedload(Comment.group), joinedload(Comment.department)]


def load_thread_page(thread, user, page=1, sort="oldest", position=None, conversation=None, all_officials=False):
    """One page of a thread: ``PAGE_SIZE`` top-level comments in the order ``sort``, with all their replies.

    With ``position`` ("for", "against" or "neutral") only the top-level comments
    taking it are listed (and counted). Runs a fixed number of queries whatever
    the size of the thread, the order and the filter: the top-level page (with
    the total), their replies, the newest official answers (all of them with
    ``all_officials``) and the reader's own state (``reader_state``). Each
    conversation shows its first ``REPLIES_SHOWN`` replies; with
    ``conversation`` (a top-level comment's id) the page is that conversation
    alone, with every reply.
    """
    sort = sort if sort in SORTS else "oldest"
    position = position if position in POSITIONS else None
    page = max(page, 1)
    if thread is None:
        return ThreadPage(None, [], [], 1, 1, 0, sort, {}, [], position)
    listed = _roots(thread, user, position)
    if conversation is not None:
        listed, page = listed & (Comment.id == conversation), 1
    rows = db.session.execute(
        select(Comment, func.count().over())
        .where(listed)
        .order_by(*_order(sort))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .options(*_author_options())
    ).all()
    roots = [row[0] for row in rows]
    total = rows[0][1] if rows else db.session.scalar(select(func.count()).where(listed))
    root_ids = [c.id for c in roots]
    answered = (Comment.thread_id == thread.id) & Comment.is_official.is_(True) & (Comment.status == "published") \
        & Comment.deleted_at.is_(None) & Comment.visible_filter(user)
    condition = answered
    if not all_officials:  # the newest, and one more to know whether there are others
        condition = Comment.id.in_(select(Comment.id).where(answered).order_by(Comment.id.desc())
                                   .limit(OFFICIALS_SHOWN + 1).scalar_subquery())
    if root_ids:
        condition = condition | (Comment.root_id.in_(root_ids) & Comment.parent_id.is_not(None))
    others = db.session.scalars(
        select(Comment)
        .where(Comment.thread_id == thread.id, Comment.visible_filter(user), condition)
        .order_by(Comment.id)
        .options(*_author_options())
    ).unique().all()
    # Every one of the newest official answers is among ``others``: the newest of those that are, are they.
    officials = [c for c in reversed(others) if c.is_official and c.deleted_at is None and c.status == "published"]
    more_officials = not all_officials and len(officials) > OFFICIALS_SHOWN
    if not all_officials:
        officials = officials[:OFFICIALS_SHOWN]
    replies = [c for c in others if c.parent_id is not None and c.root_id in set(root_ids)]
    more = Counter()
    if conversation is None:
        shown, counted = [], Counter()
        for reply in replies:  # in the order of their ids: the first replies of each conversation
            if counted[reply.root_id] < REPLIES_SHOWN:
                counted[reply.root_id] += 1
                shown.append(reply)
            else:
                more[reply.root_id] += 1
        replies = shown

    nodes = {c.id: CommentNode(c) for c in roots}
    by_id = {c.id: c for c in roots}
    by_id.update({c.id: c for c in replies})
    for reply in replies:
        nodes[reply.id] = CommentNode(reply)
    for reply in replies:
        node = nodes[reply.id]
        holder = reply.parent_id
        if reply.depth >= NESTED_LEVELS:
            node.reply_to = by_id.get(reply.parent_id)
            while holder in by_id and by_id[holder].depth > NESTED_LEVELS - 1:
                holder = by_id[holder].parent_id
        if holder not in nodes:
            holder = reply.root_id  # its parent is not shown: keep it with its conversation
        nodes[holder].children.append(node)

    ids = [c.id for c in by_id.values()] + [c.id for c in officials]
    for root_id, hidden in more.items():
        nodes[root_id].more = hidden
    pages = max(1, -(-total // PAGE_SIZE))
    return ThreadPage(thread, [nodes[c.id] for c in roots], officials, page, pages, total, sort,
                      reader_state(user, ids), ids, position, conversation, comment_notes(root_ids),
                      more_officials, all_officials)


def comment_location(comment):
    """``(page, conversation)``: where ``comment`` is shown in the default order.

    ``conversation`` is its top-level comment's id when the reply is beyond
    the first ``REPLIES_SHOWN`` of its conversation (shown on that
    conversation's page), else None.
    """
    root_id = comment.root_id or comment.id
    if comment.parent_id is not None:
        earlier = db.session.scalar(select(func.count()).where(
            Comment.root_id == root_id, Comment.parent_id.is_not(None), Comment.visible_filter(),
            Comment.id < comment.id))
        if earlier >= REPLIES_SHOWN:
            return 1, root_id
    return comment_page_number(comment), None


def comment_page_number(comment):
    """The page (default sort) on which ``comment`` appears."""
    root_id = comment.root_id or comment.id
    before = db.session.scalar(
        select(func.count()).where(
            Comment.thread_id == comment.thread_id,
            Comment.parent_id.is_(None),
            Comment.visible_filter(),
            Comment.id < root_id,
        )
    )
    return before // PAGE_SIZE + 1
