"""How the audit log names staff actions on discussions and links their comments and threads."""
from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit.labels import AuditTarget, register_audit_actions, register_audit_target
from ..extensions import db
from .models import Comment, Thread
from .services import thread_title, thread_url


def _threads(ids):
    threads = db.session.scalars(
        select(Thread).where(Thread.id.in_(ids)).options(joinedload(Thread.programme_item), joinedload(Thread.proposal))
    ).all()
    return {thread.id: (thread_title(thread), thread_url(thread)) for thread in threads}


def _comments(ids):
    comments = db.session.scalars(
        select(Comment).where(Comment.id.in_(ids))
        .options(joinedload(Comment.thread).joinedload(Thread.programme_item),
                 joinedload(Comment.thread).joinedload(Thread.proposal))
    ).all()
    return {comment.id: (gettext("Comment on “%(title)s”", title=thread_title(comment.thread)),
                         url_for("discussion.permalink", comment_id=comment.id)) for comment in comments}


register_audit_actions({
    "thread_closed": _l("Discussion closed"),
    "thread_reopened": _l("Discussion reopened"),
    "thread_premoderated": _l("New comments held for approval"),
    "thread_premoderation_ended": _l("New comments published at once"),
    "official_answer": _l("Marked as official answer"),
    "official_answer_withdrawn": _l("No longer an official answer"),
})
register_audit_target(AuditTarget(name="comment", label=_l("Comment"), describe=_comments))
register_audit_target(AuditTarget(name="thread", label=_l("Discussion"), describe=_threads))
