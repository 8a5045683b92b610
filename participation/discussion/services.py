"""Business rules of discussions: posting, editing, deleting, official answers, closing."""
from datetime import timedelta

from sqlalchemy import select, update

from ..audit.services import record_audit
from ..core.actions import ActionRefused
from ..core.i18n import LANGUAGES
from ..core.models import utcnow
from ..core.sanitize import normalise_text, plain_text_to_html
from ..core.sql import insert_ignoring_conflict, lock_row
from ..extensions import db
from ..moderation.screening import hold_for_review, screening_reason
from ..moderation.write_limits import WriteRateExceeded, check_write_rate
from ..notifications import services as notifications
from ..permissions import (
    can_answer_for_department,
    can_close_thread,
    can_comment,
    can_delete_comment,
    can_edit_comment,
    can_mark_official,
)
from ..programme.staff import item_department_ids, member_department_ids
from ..translations.services import Shown, show
from .answer_requests import answers_offered, record_wish
from .group_link import may_speak_for_group
from .models import MAX_COMMENT_LENGTH, POSITIONS, Comment, CommentVersion, Thread

DUPLICATE_WINDOW = timedelta(seconds=10)


class DiscussionError(ActionRefused):
    """Bad input or a forbidden action; ``message`` is shown to the person."""


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


def thread_title_shown(thread, language):
    """The title of ``thread``'s subject as a reader of ``language`` sees it (``translations.Shown``):
    an item's title in its translation, a proposal's title as its author wrote it."""
    if thread.kind == "item":
        return show(thread.programme_item, "title", language)
    return Shown(thread.proposal.title, thread.proposal.language)


def thread_is_public(thread):
    """An item thread always is; a proposal thread once the proposal is published and not hidden or held."""
    return thread.kind == "item" or (thread.proposal.status != "draft" and thread.proposal.moderation_status is None)


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
    record_audit(user, "thread_closed", "thread", thread.id, note=note)


def reopen_thread(user, thread):
    if not can_close_thread(user):
        raise DiscussionError(_("You are not allowed to reopen this discussion."))
    before = thread.closing_note
    thread.closed_at = None
    thread.closed_by_id = None
    thread.closing_note = ""
    db.session.flush()
    record_audit(user, "thread_reopened", "thread", thread.id, before_text=before)


def set_premoderation(user, thread, premoderated):
    """Staff hold every new contribution of ``thread`` for approval, or stop doing so."""
    if not can_close_thread(user):
        raise DiscussionError(_("You are not allowed to change this discussion."))
    thread.premoderated = bool(premoderated)
    db.session.flush()
    record_audit(user, "thread_premoderated" if premoderated else "thread_premoderation_ended", "thread", thread.id)


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


def thread_department_ids(thread):
    """The departments responsible for what ``thread`` discusses: its item's, or those of a proposal's items."""
    if thread.kind == "item":
        return item_department_ids(thread.programme_item_id)
    ids = set()
    for link in thread.proposal.item_links:
        ids |= item_department_ids(link.programme_item_id)
    return frozenset(ids)


def post_comment(user, thread, body, language, position=None, parent=None, group_id=None,
                 official=False, now=None, asks_answer=False, department_id=None):
    """Add a comment (or a reply to ``parent``) to ``thread``.

    The same text by the same person in the same thread within ten seconds is
    stored once (a double click). Returns ``(comment, created)``. Follows the
    thread for the author and notifies the parent's author and the followers.
    ``asks_answer``: a top-level comment on an item asks for an answer from the
    City (``answer_requests.py``). ``department_id``: an official answer on
    behalf of that department, by its staff (or by moderators and
    administrators). Raises DiscussionError for bad input or a forbidden
    action. Flushes only.
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
        if parent.deleted_at is not None or parent.status != "published":
            raise DiscussionError(_("The comment you are replying to is no longer available."))
    if group_id is not None and not may_speak_for_group(user, group_id):
        raise DiscussionError(_("You can only write on behalf of a verified group you belong to."))
    if department_id is not None:
        if not official or not can_answer_for_department(user, department_id, thread_department_ids(thread),
                                                         member_department_ids(user)):
            raise DiscussionError(_("You can only answer on behalf of a department you work in that is "
                                    "responsible for this item."))
    elif official and not can_mark_official(user):
        raise DiscussionError(_("Only staff can give official answers."))
    asks_answer = bool(asks_answer) and parent is None and answers_offered(thread.kind)

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
    try:
        check_write_rate(user, "comment", now)
    except WriteRateExceeded as limit:
        raise DiscussionError(limit.message()) from None
    held = screening_reason(user, body, thread.premoderated)

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
        department_id=department_id,
        status="pending" if held else "published",
        created_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    if parent is None:
        comment.root_id = comment.id
    notifications.follow_thread(user, thread)
    if asks_answer:
        record_wish(comment)
    if held:
        db.session.flush()
        hold_for_review("comment", comment.id, held)
        return comment, True
    publish_comment(comment)
    return comment, True


def publish_comment(comment):
    """Make a new or approved comment count and tell the people concerned."""
    comment.status = "published"
    change_comment_counts(comment.thread, comment.position, +1)
    db.session.flush()
    _notify_about_comment(comment.author, comment.thread, comment, comment.parent)


def change_comment_counts(thread, position, delta):
    """Add ``delta`` to a thread's comment count and to the count of ``position`` (if any), in SQL.

    For a comment that starts or stops counting: published, hidden, restored or deleted.
    """
    values = {"comment_count": Thread.comment_count + delta}
    if position is not None:
        column = getattr(Thread, f"{position}_count")
        values[column.key] = column + delta
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(**values))
    db.session.expire(thread, list(values))


def _notify_about_comment(author, thread, comment, parent):
    data = notification_data(comment)
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


def notification_data(comment):
    """What a notification about ``comment`` stores: its author by id (named when read), never by name."""
    data = {"actor_id": comment.author_id, "title": thread_title(comment.thread), "comment_id": comment.id}
    if comment.thread.kind == "item":  # its title is shown in each reader's language
        data["item_id"] = comment.thread.programme_item_id
    if comment.group is not None:
        data["actor_group"] = comment.group.name
    return data


def author_label(comment_or_proposal):
    """"Group name (by Member name)" on behalf of a group, else the author's name ("Deleted account" once erased)."""
    from flask_babel import gettext

    name = comment_or_proposal.author.public_name
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
    """The author deletes a comment: it becomes a placeholder and its replies stay.

    Checked again under the comment's row lock: a second click arriving at
    the same moment finds it deleted and changes nothing.
    """
    if not can_delete_comment(user, comment):
        raise DiscussionError(_("You cannot delete this comment."))
    lock_row(comment)
    if comment.deleted_at is not None:
        return
    now = utcnow()
    db.session.add(CommentVersion(comment_id=comment.id, body=comment.body, body_html=comment.body_html,
                                  written_at=comment.edited_at or comment.created_at, replaced_at=now))
    comment.deleted_at = now
    comment.body = ""
    comment.body_html = ""
    comment.is_official = False
    if comment.status == "published":
        change_comment_counts(comment.thread, comment.position, -1)
    db.session.flush()


def set_official(user, comment, official):
    """Staff mark (or unmark) a staff comment as an official answer."""
    if not can_mark_official(user):
        raise DiscussionError(_("Only staff can give official answers."))
    lock_row(comment)  # marked twice at once: the second finds it marked, and records nothing
    if comment.deleted_at is not None or not comment.author.is_staff:
        raise DiscussionError(_("Only a comment by staff can be an official answer."))
    was = comment.is_official
    comment.is_official = bool(official)
    db.session.flush()
    if bool(official) != was:
        record_audit(user, "official_answer" if official else "official_answer_withdrawn", "comment", comment.id,
                     before_text=comment.body)
    if official and not was and comment.thread.kind == "proposal":
        thread = comment.thread
        data = {**notification_data(comment), "proposal_id": thread.proposal_id, "official_answer": True}
        told = {user.id}
        if thread.proposal.author_id not in told:
            notifications.notify(thread.proposal.author, "proposal_status", **data)
            told.add(thread.proposal.author_id)
        notifications.notify_followers(thread, "proposal_status", exclude=told, **data)


def get_visible_comment(comment_id, viewer=None):
    """A comment ``viewer`` may see (deleted and hidden ones included, as placeholders), or None."""
    return db.session.scalar(select(Comment).where(Comment.id == comment_id, Comment.visible_filter(viewer)))
