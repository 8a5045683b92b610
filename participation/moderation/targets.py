"""What can be reported and moderated, behind one small interface.

Each kind of target (comment, proposal, group, profile) registers a
``TargetType`` that knows how to load it, who wrote it, its current text,
where it lives, and how to hide, restore or edit it. The moderation rules in
``services.py`` only talk to this interface.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from .models import HiddenTarget

TARGET_TYPES = {}


@dataclass(frozen=True)
class TargetType:
    name: str
    load: Callable[[int], Any]  # id -> object or None
    author: Callable[[Any], Any]  # object -> User or None
    text: Callable[[Any], str]  # the text a moderator reviews (and that an edit replaces)
    url: Callable[[Any], str]
    hide: Callable[[Any, Any, bool], None]  # (object, reason, pending_review)
    restore: Callable[[Any], None]
    is_hidden: Callable[[Any], bool]
    edit: Callable[[Any, str, Any], None]  # (object, new text, moderator)
    context: Callable[[Any], list] = lambda obj: []  # [(label, text)] around it, for reviewers
    publish: Callable[[Any], None] | None = None  # for contributions held before publication
    label: str = ""


def register_target_type(target_type):
    TARGET_TYPES[target_type.name] = target_type
    return target_type


def get_target_type(name):
    return TARGET_TYPES.get(name)


# --- generic hiding for objects without a status of their own -----------------

def hidden_row(target_type, target_id):
    return db.session.scalar(
        select(HiddenTarget).where(HiddenTarget.target_type == target_type, HiddenTarget.target_id == target_id)
    )


def hide_generic(target_type):
    def hide(obj, reason, pending_review=False):
        row = hidden_row(target_type, obj.id)
        if row is None:
            db.session.add(
                HiddenTarget(target_type=target_type, target_id=obj.id, reason=reason, pending_review=pending_review)
            )
        else:
            row.reason, row.pending_review = reason, pending_review
        db.session.flush()

    return hide


def restore_generic(target_type):
    def restore(obj):
        row = hidden_row(target_type, obj.id)
        if row is not None:
            db.session.delete(row)
            db.session.flush()

    return restore


def is_hidden_generic(target_type):
    return lambda obj: hidden_row(target_type, obj.id) is not None


# --- profiles ------------------------------------------------------------------

def _load_profile(user_id):
    from ..accounts.models import User

    user = db.session.get(User, user_id)
    return user if user is not None and user.deleted_at is None else None


def _edit_profile(user, new_text, moderator):
    user.display_name = new_text.strip()[:60]
    db.session.flush()


def _profile_url(user):
    return url_for("accounts.profile", user_id=user.id)


register_target_type(
    TargetType(
        name="profile",
        load=_load_profile,
        author=lambda user: user,
        text=lambda user: user.display_name or "",
        url=_profile_url,
        hide=hide_generic("profile"),
        restore=restore_generic("profile"),
        is_hidden=is_hidden_generic("profile"),
        edit=_edit_profile,
    )
)


# --- neighbourhood groups ----------------------------------------------------------

def _load_group(group_id):
    from ..groups.models import Group

    return db.session.get(Group, group_id)


def _group_author(group):
    return group.created_by


def _group_text(group):
    return f"{group.name}\n\n{group.description}".strip()


def _edit_group(group, new_text, moderator):
    from ..core.sanitize import plain_text_to_html

    group.description = new_text
    group.description_html = plain_text_to_html(new_text)
    db.session.flush()


register_target_type(
    TargetType(
        name="group",
        load=_load_group,
        author=_group_author,
        text=_group_text,
        url=lambda group: url_for("groups.show", slug=group.slug),
        hide=hide_generic("group"),
        restore=restore_generic("group"),
        is_hidden=is_hidden_generic("group"),
        edit=_edit_group,
    )
)


# --- comments ------------------------------------------------------------------------

def _load_comment(comment_id):
    from ..discussion.models import Comment

    comment = db.session.get(Comment, comment_id)
    return comment if comment is not None and comment.deleted_at is None else None


def _hide_comment(comment, reason, pending_review=False):
    from ..discussion.services import _change_counts

    if comment.status == "published":
        _change_counts(comment.thread, comment.position, -1)
    comment.status = "hidden"
    comment.moderation_reason = str(reason)
    db.session.flush()


def _restore_comment(comment):
    from ..discussion.services import _change_counts

    if comment.status == "hidden":
        comment.status = "published"
        comment.moderation_reason = None
        _change_counts(comment.thread, comment.position, +1)
        db.session.flush()


def _publish_comment(comment):
    from ..discussion.services import publish_comment

    if comment.status != "published":
        comment.moderation_reason = None
        publish_comment(comment)


def _edit_comment(comment, new_text, moderator):
    from ..core.models import utcnow
    from ..core.sanitize import plain_text_to_html
    from ..discussion.models import CommentVersion

    db.session.add(CommentVersion(comment_id=comment.id, body=comment.body, body_html=comment.body_html,
                                  written_at=comment.edited_at or comment.created_at))
    comment.body = new_text
    comment.body_html = plain_text_to_html(new_text)
    comment.moderator_edited_at = utcnow()
    db.session.flush()


def _comment_context(comment):
    from ..discussion.services import thread_title

    context = [(str(_l("Discussion")), thread_title(comment.thread))]
    if comment.parent is not None:
        context.append((str(_l("In reply to")), comment.parent.body))
    return context


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
    )
)


# --- proposals --------------------------------------------------------------------------

def _load_proposal(proposal_id):
    from ..proposals.models import Proposal

    proposal = db.session.get(Proposal, proposal_id)
    return proposal if proposal is not None and proposal.status != "draft" else None


def _hide_proposal(proposal, reason, pending_review=False):
    proposal.moderation_status = "hidden"
    proposal.moderation_reason = str(reason)
    db.session.flush()


def _restore_proposal(proposal):
    proposal.moderation_status = None
    proposal.moderation_reason = None
    db.session.flush()


def _edit_proposal(proposal, new_text, moderator):
    from ..core.models import utcnow
    from ..core.sanitize import plain_text_to_html

    proposal.body = new_text
    proposal.body_html = plain_text_to_html(new_text)
    proposal.moderator_edited_at = utcnow()
    db.session.flush()


register_target_type(
    TargetType(
        name="proposal",
        load=_load_proposal,
        author=lambda proposal: proposal.author,
        text=lambda proposal: proposal.body,
        context=lambda proposal: [(str(_l("Title")), proposal.title)],
        url=lambda proposal: url_for("proposals.detail", proposal_id=proposal.id),
        hide=_hide_proposal,
        restore=_restore_proposal,
        is_hidden=lambda proposal: proposal.moderation_status is not None,
        edit=_edit_proposal,
        publish=_restore_proposal,
    )
)
