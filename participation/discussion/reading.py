"""Reading a discussion: one page of a thread as a tree, and where a comment's page is."""
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import Comment, Thread
from .reader_state import reader_state

PAGE_SIZE = 30
NESTED_LEVELS = 3  # deeper replies are shown flat under the third level
SORTS = ("oldest", "newest", "supported")


@dataclass
class CommentNode:
    comment: Comment
    children: list = field(default_factory=list)
    reply_to: Comment | None = None  # set when shown flat below the third level


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

    @property
    def my_votes(self):
        """{comment id: +1 or -1} of the reader's votes on this page (registered by votes)."""
        return self.reader.get("votes", {})


def _order(sort):
    if sort == "newest":
        return (Comment.id.desc(),)
    if sort == "supported":
        return ((Comment.up_count - Comment.down_count).desc(), Comment.id.asc())
    return (Comment.id.asc(),)


def _author_options():
    return [joinedload(Comment.author), joinedload(Comment.group)]


def load_thread_page(thread, user, page=1, sort="oldest"):
    """One page of a thread: 30 top-level comments with all their replies.

    Runs a fixed number of queries whatever the size of the thread: the
    top-level page (with the total), their replies and the official answers,
    and the reader's own state (``reader_state``).
    """
    sort = sort if sort in SORTS else "oldest"
    page = max(page, 1)
    if thread is None:
        return ThreadPage(None, [], [], 1, 1, 0, sort, {}, [])
    rows = db.session.execute(
        select(Comment, func.count().over())
        .where(Comment.thread_id == thread.id, Comment.parent_id.is_(None), Comment.visible_filter(user))
        .order_by(*_order(sort))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .options(*_author_options())
    ).all()
    roots = [row[0] for row in rows]
    total = rows[0][1] if rows else db.session.scalar(
        select(func.count()).where(Comment.thread_id == thread.id, Comment.parent_id.is_(None),
                                   Comment.visible_filter(user))
    )
    root_ids = [c.id for c in roots]
    condition = Comment.is_official.is_(True)
    if root_ids:
        condition = condition | (Comment.root_id.in_(root_ids) & Comment.parent_id.is_not(None))
    others = db.session.scalars(
        select(Comment)
        .where(Comment.thread_id == thread.id, Comment.visible_filter(user), condition)
        .order_by(Comment.id)
        .options(*_author_options())
    ).unique().all()
    officials = [c for c in others if c.is_official and c.deleted_at is None and c.status == "published"]
    replies = [c for c in others if c.parent_id is not None and c.root_id in set(root_ids)]

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
    pages = max(1, -(-total // PAGE_SIZE))
    return ThreadPage(thread, [nodes[c.id] for c in roots], officials, page, pages, total, sort,
                      reader_state(user, ids), ids)


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
