"""Business rules of discussions: posting, editing, deleting, official answers, closing, reading a page."""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import joinedload

from ..core.i18n import LANGUAGES
from ..core.models import utcnow
from ..core.sanitize import normalise_text, plain_text_to_html
from ..core.sql import insert_ignoring_conflict
from ..extensions import db
from ..notifications import services as notifications
from ..permissions import (
    can_close_thread,
    can_comment,
    can_delete_comment,
    can_edit_comment,
    can_mark_official,
)
from .group_link import HAS_GROUPS, may_speak_for_group
from .models import MAX_COMMENT_LENGTH, POSITIONS, Comment, CommentVersion, Thread

PAGE_SIZE = 30
NESTED_LEVELS = 3  # deeper replies are shown flat under the third level
DUPLICATE_WINDOW = timedelta(seconds=10)
SORTS = ("oldest", "newest", "supported")


class DiscussionError(Exception):
    """Bad input or a forbidden action; ``message`` is shown to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _(text, **values):
    from flask_babel import gettext

    return gettext(text, **values)


# --- threads -------------------------------------------------------------

def get_item_thread(item_id):
    return db.session.scalar(select(Thread).where(Thread.programme_item_id == item_id))


def ensure_item_thread(item_id):
    """The thread of a programme item, created on first use (safe when two requests race)."""
    thread = get_item_thread(item_id)
    if thread is None:
        insert_ignoring_conflict(Thread, kind="item", programme_item_id=item_id)
        thread = get_item_thread(item_id)
    return thread


def ensure_proposal_thread(proposal):
    if proposal.thread is None:
        insert_ignoring_conflict(Thread, kind="proposal", proposal_id=proposal.id)
        db.session.expire(proposal, ["thread"])
    return proposal.thread


def thread_url(thread, **params):
    """Address of the page that shows ``thread``."""
    from flask import url_for

    if thread.kind == "item":
        return url_for("programme.item", slug=thread.programme_item.slug, **params)
    return url_for("proposals.detail", proposal_id=thread.proposal_id, **params)


def thread_title(thread):
    return thread.programme_item.title if thread.kind == "item" else thread.proposal.title


def thread_is_public(thread):
    """An item thread always is; a proposal thread once the proposal is published."""
    return thread.kind == "item" or thread.proposal.status != "draft"


def _lock_thread(thread, now):
    """Take the thread's row lock, so checks before writing see every earlier comment."""
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(last_activity_at=now))


def close_thread(user, thread, note):
    """Staff make a thread read-only; ``note`` is shown at its top."""
    if not can_close_thread(user):
        raise DiscussionError(_("You are not allowed to close this discussion."))
    note = normalise_text(note).strip()
    if len(note) > 1000:
        raise DiscussionError(_("The closing note can be at most %(n)d characters long.", n=1000))
    thread.closed_at = utcnow()
    thread.closed_by_id = user.id
    thread.closing_note = note
    db.session.flush()


def reopen_thread(user, thread):
    if not can_close_thread(user):
        raise DiscussionError(_("You are not allowed to reopen this discussion."))
    thread.closed_at = None
    thread.closed_by_id = None
    thread.closing_note = ""
    db.session.flush()


# --- comments ------------------------------------------------------------

def clean_comment_text(body):
    """The raw text to store, or a DiscussionError for empty or oversized text."""
    body = normalise_text(body)
    if not body.strip():
        raise DiscussionError(_("Write a comment before sending it."))
    if len(body) > MAX_COMMENT_LENGTH:
        raise DiscussionError(
            _("A comment can be at most %(max)d characters long; yours has %(n)d.", max=MAX_COMMENT_LENGTH, n=len(body))
        )
    return body.strip()


def post_comment(user, thread, body, language, position=None, parent=None, group_id=None,
                 official=False, now=None):
    """Add a comment (or a reply to ``parent``) to ``thread``.

    The same text by the same person in the same thread within ten seconds is
    stored once (a double click). Returns ``(comment, created)``. Follows the
    thread for the author and notifies the parent's author and the followers.
    Raises DiscussionError for bad input or a forbidden action. Flushes only.
    """
    now = now or utcnow()
    if not thread_is_public(thread):
        raise DiscussionError(_("This discussion does not exist."))
    if not can_comment(user, thread):
        if thread.is_closed:
            raise DiscussionError(_("This discussion is closed."))
        raise DiscussionError(_("You are not allowed to comment."))
    body = clean_comment_text(body)
    if language not in LANGUAGES:
        raise DiscussionError(_("Choose the language of your comment."))
    if position is not None and (position not in POSITIONS or thread.kind != "item"):
        raise DiscussionError(_("Choose in favour, against or neutral."))
    if parent is not None:
        if parent.thread_id != thread.id:
            raise DiscussionError(_("You can only reply to a comment of this discussion."))
        if parent.deleted_at is not None or not db.session.scalar(
            select(exists().where(Comment.id == parent.id, Comment.visible_filter()))
        ):
            raise DiscussionError(_("The comment you are replying to is no longer available."))
    if group_id is not None and not (HAS_GROUPS and may_speak_for_group(user, group_id)):
        raise DiscussionError(_("You can only write on behalf of a verified group you belong to."))
    if official and not can_mark_official(user):
        raise DiscussionError(_("Only staff can give official answers."))

    _lock_thread(thread, now)
    duplicate = db.session.scalar(
        select(Comment).where(
            Comment.thread_id == thread.id,
            Comment.author_id == user.id,
            Comment.body == body,
            Comment.created_at >= now - DUPLICATE_WINDOW,
            Comment.deleted_at.is_(None),
        )
    )
    if duplicate is not None:
        return duplicate, False

    comment = Comment(
        thread_id=thread.id,
        author_id=user.id,
        group_id=group_id,
        parent_id=parent.id if parent else None,
        root_id=parent.root_id if parent else None,
        depth=parent.depth + 1 if parent else 0,
        body=body,
        body_html=plain_text_to_html(body),
        language=language,
        position=position,
        is_official=bool(official),
        created_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    if parent is None:
        comment.root_id = comment.id
    _change_counts(thread, position, +1)
    db.session.flush()

    notifications.follow_thread(user, thread)
    _notify_about_comment(user, thread, comment, parent)
    return comment, True


def _change_counts(thread, position, delta):
    values = {"comment_count": Thread.comment_count + delta}
    if position is not None:
        column = getattr(Thread, f"{position}_count")
        values[column.key] = column + delta
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(**values))
    db.session.expire(thread, list(values))


def _notify_about_comment(author, thread, comment, parent):
    data = {
        "actor": author_label(comment),
        "title": thread_title(thread),
        "comment_id": comment.id,
    }
    told = {author.id}
    if parent is not None and parent.author_id not in told:
        notifications.notify(parent.author, "reply", **data)
        told.add(parent.author_id)
    if comment.is_official and thread.kind == "proposal":
        notifications.notify_followers(thread, "proposal_status", exclude=told, official_answer=True,
                                       proposal_id=thread.proposal_id, **data)
        return
    notifications.notify_followers(thread, "followed_comment", exclude=told, **data)
    if comment.group_id is not None:
        notifications.notify_group_followers(comment.group_id, "followed_comment", exclude=told, **data)


def author_label(comment_or_proposal):
    """"Group name (by Member name)" on behalf of a group, else the author's name."""
    from flask_babel import gettext

    name = comment_or_proposal.author.display_name or gettext("Former resident")
    group = getattr(comment_or_proposal, "group", None)
    if group is not None:
        return gettext("%(group)s (by %(name)s)", group=group.name, name=name)
    return name


def edit_comment(user, comment, body, now=None):
    """Replace the text of a comment within the edit window, keeping the earlier version."""
    now = now or utcnow()
    if not can_edit_comment(user, comment, now=now):
        raise DiscussionError(_("This comment can no longer be edited."))
    body = clean_comment_text(body)
    if body == comment.body:
        return comment
    db.session.add(CommentVersion(comment_id=comment.id, body=comment.body, body_html=comment.body_html,
                                  written_at=comment.edited_at or comment.created_at, replaced_at=now))
    comment.body = body
    comment.body_html = plain_text_to_html(body)
    comment.edited_at = now
    db.session.flush()
    return comment


def delete_comment(user, comment):
    """The author deletes a comment: it becomes a placeholder and its replies stay."""
    if not can_delete_comment(user, comment):
        raise DiscussionError(_("You cannot delete this comment."))
    now = utcnow()
    db.session.add(CommentVersion(comment_id=comment.id, body=comment.body, body_html=comment.body_html,
                                  written_at=comment.edited_at or comment.created_at, replaced_at=now))
    comment.deleted_at = now
    comment.body = ""
    comment.body_html = ""
    comment.is_official = False
    if comment.status == "published":
        _change_counts(comment.thread, comment.position, -1)
    db.session.flush()


def set_official(user, comment, official):
    """Staff mark (or unmark) a staff comment as an official answer."""
    if not can_mark_official(user):
        raise DiscussionError(_("Only staff can give official answers."))
    if comment.deleted_at is not None or not comment.author.is_staff:
        raise DiscussionError(_("Only a comment by staff can be an official answer."))
    was = comment.is_official
    comment.is_official = bool(official)
    db.session.flush()
    if official and not was and comment.thread.kind == "proposal":
        thread = comment.thread
        data = {"actor": author_label(comment), "title": thread_title(thread), "comment_id": comment.id,
                "proposal_id": thread.proposal_id, "official_answer": True}
        told = {user.id}
        if thread.proposal.author_id not in told:
            notifications.notify(thread.proposal.author, "proposal_status", **data)
            told.add(thread.proposal.author_id)
        notifications.notify_followers(thread, "proposal_status", exclude=told, **data)


# --- reading -------------------------------------------------------------

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
    my_votes: dict
    comment_ids: list


def _order(sort):
    if sort == "newest":
        return (Comment.id.desc(),)
    if sort == "supported":
        return ((Comment.up_count - Comment.down_count).desc(), Comment.id.asc())
    return (Comment.id.asc(),)


def _author_options():
    options = [joinedload(Comment.author)]
    if HAS_GROUPS:
        options.append(joinedload(Comment.group))
    return options


def load_thread_page(thread, user, page=1, sort="oldest"):
    """One page of a thread: 30 top-level comments with all their replies.

    Runs a fixed number of queries whatever the size of the thread: the
    top-level page (with the total), their replies and the official answers,
    and the reader's votes.
    """
    sort = sort if sort in SORTS else "oldest"
    page = max(page, 1)
    if thread is None:
        return ThreadPage(None, [], [], 1, 1, 0, sort, {}, [])
    rows = db.session.execute(
        select(Comment, func.count().over())
        .where(Comment.thread_id == thread.id, Comment.parent_id.is_(None), Comment.visible_filter())
        .order_by(*_order(sort))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .options(*_author_options())
    ).all()
    roots = [row[0] for row in rows]
    total = rows[0][1] if rows else db.session.scalar(
        select(func.count()).where(Comment.thread_id == thread.id, Comment.parent_id.is_(None),
                                   Comment.visible_filter())
    )
    root_ids = [c.id for c in roots]
    condition = Comment.is_official.is_(True)
    if root_ids:
        condition = condition | (Comment.root_id.in_(root_ids) & Comment.parent_id.is_not(None))
    others = db.session.scalars(
        select(Comment)
        .where(Comment.thread_id == thread.id, Comment.visible_filter(), condition)
        .order_by(Comment.id)
        .options(*_author_options())
    ).unique().all()
    officials = [c for c in others if c.is_official and c.deleted_at is None]
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
    my_votes = {}
    if getattr(user, "is_authenticated", False) and ids:
        from ..votes.models import CommentVote

        my_votes = dict(db.session.execute(
            select(CommentVote.comment_id, CommentVote.value).where(
                CommentVote.user_id == user.id, CommentVote.comment_id.in_(ids))
        ).all())
    pages = max(1, -(-total // PAGE_SIZE))
    return ThreadPage(thread, [nodes[c.id] for c in roots], officials, page, pages, total, sort, my_votes, ids)


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


def get_visible_comment(comment_id):
    """A comment the public may see (deleted ones included, as placeholders), or None."""
    return db.session.scalar(select(Comment).where(Comment.id == comment_id, Comment.visible_filter()))
