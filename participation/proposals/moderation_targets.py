"""Proposals as something residents can report and moderators can hide, edit or approve."""
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..core.i18n import current_language
from ..core.models import utcnow
from ..core.sanitize import plain_text_to_html
from ..core.sql import lock_row
from ..extensions import db
from ..moderation.targets import PENDING_REVIEW, TargetType, register_target_type
from ..translations.services import Shown, show
from .models import Proposal


def _context(proposal):
    """The proposal's title in its language, and the programme items it relates to in the moderator's."""
    language = current_language().code
    titles = [show(item, "title", language) for item in proposal.items]
    items_language = titles[0].language if titles and all(t.language == titles[0].language for t in titles) else language
    context = [(str(_l("Title")), Shown(proposal.title, proposal.language))]
    if titles:
        context.append((str(_l("Programme items")), Shown("; ".join(t.value for t in titles), items_language)))
    return context


def _load_proposal(proposal_id):
    proposal = db.session.get(Proposal, proposal_id)
    return proposal if proposal is not None and proposal.status != "draft" else None


def _hide_proposal(proposal, reason, pending_review=False):
    lock_row(proposal)
    was_hidden = proposal.moderation_status is not None  # hidden, or held before publication
    if was_hidden and pending_review:
        return False
    proposal.moderation_status = "hidden"
    proposal.moderation_reason = PENDING_REVIEW if pending_review else str(reason)
    db.session.flush()
    return not was_hidden


def _restore_proposal(proposal):
    lock_row(proposal)
    if proposal.moderation_status is None:
        return False
    proposal.moderation_status = None
    proposal.moderation_reason = None
    db.session.flush()
    return True


def _edit_proposal(proposal, new_text, moderator):
    proposal.body = new_text
    proposal.body_html = plain_text_to_html(new_text)
    proposal.moderator_edited_at = utcnow()
    db.session.flush()


def _count_published_by(user):
    return db.session.scalar(
        select(func.count()).where(Proposal.author_id == user.id, Proposal.published_at.is_not(None),
                                   Proposal.moderation_status.is_(None))
    )


def _published_since(user, since):
    return db.session.scalars(
        select(Proposal.published_at).where(Proposal.author_id == user.id, Proposal.published_at >= since)
        .order_by(Proposal.published_at)
    ).all()


def _count_awaiting_answer():
    """Visible proposals over the support threshold that staff have not answered yet."""
    return db.session.scalar(
        select(func.count()).where(
            Proposal.threshold_reached_at.is_not(None),
            Proposal.status.in_(("published", "under_evaluation")),
            Proposal.moderation_status.is_(None),
        )
    )


register_target_type(
    TargetType(
        name="proposal",
        load=_load_proposal,
        author=lambda proposal: proposal.author,
        text=lambda proposal: proposal.body,
        context=_context,
        url=lambda proposal: url_for("proposals.detail", proposal_id=proposal.id),
        hide=_hide_proposal,
        restore=_restore_proposal,
        is_hidden=lambda proposal: proposal.moderation_status is not None,
        edit=_edit_proposal,
        publish=_restore_proposal,
        count_published_by=_count_published_by,
        written_since=_published_since,
        count_awaiting_answer=_count_awaiting_answer,
    )
)
