"""Comments listed as published: by a group on its page, by a person on their profile."""
from flask import url_for
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.services import register_profile_contributions
from ..extensions import db
from ..groups.services import register_group_publications
from .models import Comment, Thread
from .services import thread_is_public, thread_title

LISTED = 20  # the newest ones; the discussion pages hold the rest


def _published(condition):
    comments = db.session.scalars(
        select(Comment)
        .where(condition, Comment.status == "published", Comment.deleted_at.is_(None))
        .options(joinedload(Comment.thread).joinedload(Thread.programme_item),
                 joinedload(Comment.thread).joinedload(Thread.proposal))
        .order_by(Comment.id.desc())
        .limit(LISTED)
    ).all()
    return [
        {"title": gettext("Comment on “%(title)s”", title=thread_title(comment.thread)),
         "url": url_for("discussion.permalink", comment_id=comment.id), "created_at": comment.created_at}
        for comment in comments if thread_is_public(comment.thread)
    ]


@register_group_publications
def comments_of_group(group):
    """Published comments written on behalf of ``group``, newest first."""
    return _published(Comment.group_id == group.id)


@register_profile_contributions
def comments_of_person(user):
    """Published comments ``user`` wrote, newest first."""
    return _published(Comment.author_id == user.id)
