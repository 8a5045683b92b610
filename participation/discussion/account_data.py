"""What discussions hold about a person: the comments they wrote, with every earlier version.

Deleting the account keeps the comments, shown under the deleted-author
name, so that the replies around them keep their sense.
"""
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.personal_data import export_time, register_personal_data
from ..extensions import db
from .models import Comment, Thread


def export_comments(user):
    """Every comment of ``user`` (published, held, hidden or deleted), oldest first, with its earlier versions."""
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id)
        .options(selectinload(Comment.versions), selectinload(Comment.group),
                 selectinload(Comment.thread).selectinload(Thread.programme_item),
                 selectinload(Comment.thread).selectinload(Thread.proposal))
        .order_by(Comment.id)
    ).all()
    return [_comment(comment) for comment in comments]


def _comment(comment):
    thread = comment.thread
    return {
        "id": comment.id,
        "address": url_for("discussion.permalink", comment_id=comment.id, _external=True),
        "discussion": {
            "kind": thread.kind,
            "programme_item_id": thread.programme_item_id,
            "proposal_id": thread.proposal_id,
            "title": thread.programme_item.title if thread.kind == "item" else thread.proposal.title,
        },
        "in_reply_to_comment_id": comment.parent_id,
        "on_behalf_of_group": comment.group.name if comment.group is not None else None,
        "text": comment.body,
        "language": comment.language,
        "position": comment.position,
        "status": comment.status,
        "moderation_reason": comment.moderation_reason,
        "official_answer": comment.is_official,
        "up_votes": comment.up_count,
        "down_votes": comment.down_count,
        "created_at": export_time(comment.created_at),
        "edited_at": export_time(comment.edited_at),
        "edited_by_moderator_at": export_time(comment.moderator_edited_at),
        "deleted_at": export_time(comment.deleted_at),
        "earlier_versions": [
            {"text": version.body, "written_at": export_time(version.written_at),
             "replaced_at": export_time(version.replaced_at)}
            for version in comment.versions
        ],
    }


register_personal_data("comments", export=export_comments)
