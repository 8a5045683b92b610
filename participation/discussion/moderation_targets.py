"""Comments as something residents can report and moderators can hide, edit or approve."""
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..core.i18n import current_language
from ..core.models import utcnow
from ..core.sanitize import plain_text_to_html
from ..core.sql import lock_row
from ..extensions import db
from ..moderation.targets import PENDING_REVIEW, TargetType, register_target_type
from .models import Comment, CommentVersion
from .services import change_comment_counts, publish_comment, thread_title_shown


def _load_comment(comment_id):
    comment = db.session.get(Comment, comment_id)
    return comment if comment is not None and comment.deleted_at is None else None


def _counted(comment):
    return comment.status == "published" and comment.deleted_at is None


def _hide_comment(comment, reason, pending_review=False):
    lock_row(comment)
    if comment.status == "hidden":
        if not pending_review:
            comment.moderation_reason = str(reason)
            db.session.flush()
        return False
    if _counted(comment):
        change_comment_counts(comment.thread, comment.position, -1)
    comment.status = "hidden"
    comment.moderation_reason = PENDING_REVIEW if pending_review else str(reason)
    db.session.flush()
    return True


def _restore_comment(comment):
    lock_row(comment)
    if comment.status != "hidden":
        return False
    comment.status = "published"
    comment.moderation_reason = None
    if _counted(comment):
        change_comment_counts(comment.thread, comment.position, +1)
    db.session.flush()
    return True


def _publish_comment(comment):
    lock_row(comment)
    if comment.status == "published":
        return False
    comment.moderation_reason = None
    publish_comment(comment)
    return True


def _edit_comment(comment, new_text, moderator):
    db.session.add(CommentVersion(comment_id=comment.id, body=comment.body, body_html=comment.body_html,
                                  written_at=comment.edited_at or comment.created_at))
    comment.body = new_text
    comment.body_html = plain_text_to_html(new_text)
    comment.moderator_edited_at = utcnow()
    db.session.flush()


def _comment_context(comment):
    # The discussion's title in the reviewer's language, as the item page shows it (Italian where untranslated).
    context = [(str(_l("Discussion")), thread_title_shown(comment.thread, current_language().code))]
    if comment.parent is not None:
        context.append((str(_l("In reply to")), comment.parent.body))
    return context


def _count_published_by(user):
    return db.session.scalar(
        select(func.count()).where(Comment.author_id == user.id, Comment.status == "published")
    )


def _written_since(user, since):
    return db.session.scalars(
        select(Comment.created_at).where(Comment.author_id == user.id, Comment.created_at >= since)
        .order_by(Comment.created_at)
    ).all()


register_target_type(
    TargetType(
        name="comment",
        load=_load_comment,
        author=lambda comment: comment.author,
        text=lambda comment: comment.body,
        url=lambda comment: url_for("discussion.permalink", comment_id=comment.id),
        hide=_hide_comment,
        restore=_restore_comment,
        is_hidden=lambda comment: comment.status == "hidden",
        edit=_edit_comment,
        context=_comment_context,
        publish=_publish_comment,
        count_published_by=_count_published_by,
        written_since=_written_since,
    )
)
