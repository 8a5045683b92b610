"""Business rules of proposals: drafting, publishing, withdrawing, the staff workflow, listings."""
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext, lazy_gettext
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..core.actions import ActionRefused
from ..core.i18n import LANGUAGES
from ..core.models import utcnow
from ..core.sanitize import normalise_text, plain_text_to_html
from ..core.sql import lock_row
from ..discussion.group_link import Neighbourhood, may_speak_for_group
from ..discussion.models import Thread
from ..extensions import db
from ..notifications import services as notifications
from ..permissions import can_answer_proposal, can_edit_proposal, can_submit_proposal, can_withdraw_proposal
from .models import (
    MAX_BODY_LENGTH,
    MAX_TITLE_LENGTH,
    REASON_REQUIRED,
    TRANSITIONS,
    Proposal,
    ProposalEvent,
    ProposalItem,
)

PAGE_SIZE = 20
DUPLICATE_WINDOW = timedelta(seconds=10)
SORTS = ("supported", "newest", "commented")
STATUS_LABELS = {
    "draft": lazy_gettext("Draft"),
    "published": lazy_gettext("Published"),
    "under_evaluation": lazy_gettext("Under evaluation"),
    "accepted": lazy_gettext("Accepted"),
    "rejected": lazy_gettext("Rejected"),
    "already_planned": lazy_gettext("Already planned in the programme"),
    "implemented": lazy_gettext("Implemented"),
    "withdrawn": lazy_gettext("Withdrawn by the author"),
}


class ProposalError(ActionRefused):
    """A proposal rule refused the action; ``field`` names the form field concerned (or None)."""


def status_label(status):
    return str(STATUS_LABELS.get(status, status))


def get_proposal(proposal_id):
    return db.session.scalar(
        select(Proposal).where(Proposal.id == proposal_id).options(
            joinedload(Proposal.author), selectinload(Proposal.item_links).joinedload(ProposalItem.item),
            joinedload(Proposal.thread), selectinload(Proposal.events).joinedload(ProposalEvent.actor),
        )
    )


def get_public_proposal(proposal_id):
    proposal = get_proposal(proposal_id)
    return proposal if proposal is not None and proposal.status != "draft" else None


@dataclass
class ProposalInput:
    title: str
    body: str
    item_ids: list
    neighbourhood_id: int | None
    group_id: int | None
    language: str


def _clean_input(user, data):
    from ..programme.models import ProgrammeItem

    title = " ".join(normalise_text(data.title).split())
    body = normalise_text(data.body).strip()
    if not title:
        raise ProposalError(gettext("Give your proposal a title."), "title")
    if len(title) > MAX_TITLE_LENGTH:
        raise ProposalError(gettext("The title can be at most %(n)d characters long.", n=MAX_TITLE_LENGTH), "title")
    if not body:
        raise ProposalError(gettext("Describe your proposal."), "body")
    if len(body) > MAX_BODY_LENGTH:
        raise ProposalError(gettext("The text can be at most %(n)d characters long.", n=MAX_BODY_LENGTH), "body")
    item_ids = sorted(set(data.item_ids or []))
    if not item_ids:
        raise ProposalError(gettext("Choose at least one programme item the proposal relates to."), "items")
    found = db.session.scalar(select(func.count()).where(ProgrammeItem.id.in_(item_ids)))
    if found != len(item_ids):
        raise ProposalError(gettext("Choose programme items from the list."), "items")
    if data.neighbourhood_id is not None and (
        Neighbourhood is None or db.session.get(Neighbourhood, data.neighbourhood_id) is None
    ):
        raise ProposalError(gettext("Choose a neighbourhood from the list."), "neighbourhood")
    if data.group_id is not None and not may_speak_for_group(user, data.group_id):
        raise ProposalError(gettext("You can only write on behalf of a verified group you belong to."), "group_id")
    language = data.language if data.language in LANGUAGES else "it"
    return title, body, item_ids, language


def _apply(proposal, title, body, item_ids, language, data):
    proposal.title = title
    proposal.body = body
    proposal.body_html = plain_text_to_html(body)
    proposal.language = language
    proposal.neighbourhood_id = data.neighbourhood_id
    proposal.group_id = data.group_id
    current = {link.programme_item_id for link in proposal.item_links}
    for link in list(proposal.item_links):
        if link.programme_item_id not in item_ids:
            proposal.item_links.remove(link)
    for item_id in item_ids:
        if item_id not in current:
            proposal.item_links.append(ProposalItem(programme_item_id=item_id))


def create_proposal(user, data, publish=False, now=None):
    """Save a new proposal as a draft, or publish it at once.

    The same title and text by the same person within ten seconds is stored
    once (a double click). Raises ProposalError on bad input. Flushes only.
    """
    now = now or utcnow()
    if not can_submit_proposal(user):
        raise ProposalError(gettext("Only verified residents can submit proposals."))
    title, body, item_ids, language = _clean_input(user, data)
    duplicate = db.session.scalar(select(Proposal).where(
        Proposal.author_id == user.id, Proposal.title == title, Proposal.body == body,
        Proposal.created_at >= now - DUPLICATE_WINDOW))
    if duplicate is not None:
        return duplicate
    proposal = Proposal(author_id=user.id, status="draft", created_at=now, updated_at=now)
    _apply(proposal, title, body, item_ids, language, data)
    db.session.add(proposal)
    db.session.flush()
    if publish:
        publish_proposal(user, proposal)
    return proposal


def update_proposal(user, proposal, data, publish=False):
    """Change a proposal while its author may still edit it (draft, or no support or comment yet)."""
    if not can_edit_proposal(user, proposal):
        raise ProposalError(gettext("This proposal can no longer be edited."))
    title, body, item_ids, language = _clean_input(user, data)
    _apply(proposal, title, body, item_ids, language, data)
    db.session.flush()
    if publish and proposal.status == "draft":
        publish_proposal(user, proposal)
    return proposal


def publish_proposal(user, proposal):
    """Make a draft public, open its discussion and let the author follow it."""
    from ..discussion.services import ensure_proposal_thread

    lock_row(proposal)  # the same draft published twice at once: the second finds it published
    if proposal.author_id != user.id or proposal.status != "draft" or not can_submit_proposal(user):
        raise ProposalError(gettext("This proposal cannot be published."))
    from ..moderation.screening import hold_for_review, screening_reason
    from ..moderation.write_limits import WriteRateExceeded, check_write_rate

    try:
        check_write_rate(user, "proposal")
    except WriteRateExceeded as limit:
        raise ProposalError(limit.message()) from None
    held = screening_reason(user, f"{proposal.title}\n{proposal.body}")
    proposal.status = "published"
    proposal.published_at = utcnow()
    proposal.moderation_status = "pending" if held else None
    db.session.add(ProposalEvent(proposal=proposal, actor_id=user.id, kind="published", to_status="published"))
    db.session.flush()
    thread = ensure_proposal_thread(proposal)
    notifications.follow_thread(user, thread)
    if held:
        hold_for_review("proposal", proposal.id, held)


def withdraw_proposal(user, proposal, reason):
    """The author withdraws a proposal, giving a reason; followers are told."""
    lock_row(proposal)  # withdrawn twice at once: the second finds it withdrawn
    if not can_withdraw_proposal(user, proposal):
        raise ProposalError(gettext("You cannot withdraw this proposal."))
    reason = normalise_text(reason).strip()
    if not reason:
        raise ProposalError(gettext("Say why you withdraw the proposal."), "reason")
    if len(reason) > 2000:
        raise ProposalError(gettext("The reason can be at most %(n)d characters long.", n=2000), "reason")
    previous = proposal.status
    proposal.status = "withdrawn"
    proposal.withdrawal_reason = reason
    db.session.add(ProposalEvent(proposal=proposal, actor_id=user.id, kind="withdrawn", from_status=previous,
                                 to_status="withdrawn", note=reason))
    db.session.flush()
    if proposal.thread is not None:
        notifications.notify_followers(proposal.thread, "proposal_status", exclude={user.id},
                                       title=proposal.title, status="withdrawn", proposal_id=proposal.id)


def allowed_statuses(proposal):
    return TRANSITIONS.get(proposal.status, ())


def change_status(user, proposal, status, answer):
    """Staff move a proposal along the workflow with an answer (required to reject).

    Records a history entry and notifies the author and the followers.
    """
    if not can_answer_proposal(user):
        raise ProposalError(gettext("Only staff can answer proposals."))
    lock_row(proposal)  # staff answering at once: each change starts from the one before
    if status not in allowed_statuses(proposal):
        raise ProposalError(gettext("This change of status is not possible."), "status")
    answer = normalise_text(answer).strip()
    if status in REASON_REQUIRED and not answer:
        raise ProposalError(gettext("Give the reason for rejecting the proposal."), "answer")
    if len(answer) > MAX_BODY_LENGTH:
        raise ProposalError(gettext("The answer can be at most %(n)d characters long.", n=MAX_BODY_LENGTH), "answer")
    previous = proposal.status
    from ..audit.services import record_audit

    record_audit(user, "proposal_status", "proposal", proposal.id, note=f"{previous} -> {status}", before_text=previous)
    proposal.status = status
    if answer:
        proposal.answer = answer
        proposal.answer_html = plain_text_to_html(answer)
    proposal.answered_at = utcnow()
    db.session.add(ProposalEvent(proposal=proposal, actor_id=user.id, kind="status", from_status=previous,
                                 to_status=status, note=answer))
    db.session.flush()
    data = {"title": proposal.title, "status": status, "proposal_id": proposal.id}
    told = {user.id}
    if proposal.author_id not in told:
        notifications.notify(proposal.author, "proposal_status", **data)
        told.add(proposal.author_id)
    if proposal.thread is not None:
        notifications.notify_followers(proposal.thread, "proposal_status", exclude=told, **data)


# What other features do when a proposal reaches the support threshold (the City's answer requests):
# functions of the proposal, registered from above (``register_threshold_reached``).
THRESHOLD_REACHED = []


def register_threshold_reached(handler):
    """Call ``handler(proposal)`` in the transaction where a proposal reaches the support threshold."""
    THRESHOLD_REACHED.append(handler)
    return handler


def record_threshold(proposal):
    """Mark that a proposal reached the support threshold (once), and tell the features that act on it."""
    proposal.threshold_reached_at = utcnow()
    db.session.add(ProposalEvent(proposal_id=proposal.id, kind="threshold", to_status=proposal.status))
    db.session.flush()
    for handler in THRESHOLD_REACHED:
        handler(proposal)


# --- listings ------------------------------------------------------------

@dataclass
class Filters:
    area: int | None = None
    item: int | None = None
    status: str | None = None
    neighbourhood: int | None = None
    group: int | None = None
    sort: str = "supported"
    page: int = 1


def list_proposals(filters):
    """Public proposals matching ``filters``, one page; returns ``(proposals, total)``."""
    from ..programme.models import Area, ItemArea

    query = select(Proposal).where(Proposal.status != "draft", Proposal.moderation_status.is_(None))
    if filters.status:
        query = query.where(Proposal.status == filters.status)
    else:
        query = query.where(Proposal.status != "withdrawn")
    if filters.item:
        query = query.where(Proposal.id.in_(
            select(ProposalItem.proposal_id).where(ProposalItem.programme_item_id == filters.item)))
    if filters.area:
        query = query.where(Proposal.id.in_(
            select(ProposalItem.proposal_id)
            .join(ItemArea, ItemArea.item_id == ProposalItem.programme_item_id)
            .join(Area, Area.id == ItemArea.area_id).where(Area.number == filters.area)))
    if filters.neighbourhood:
        chosen = db.session.get(Neighbourhood, filters.neighbourhood)
        if chosen is not None and chosen.is_whole_city:  # the whole city is also "no neighbourhood"
            query = query.where(or_(Proposal.neighbourhood_id == chosen.id, Proposal.neighbourhood_id.is_(None)))
        else:
            query = query.where(Proposal.neighbourhood_id == filters.neighbourhood)
    if filters.group:
        query = query.where(Proposal.group_id == filters.group)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    query = query.outerjoin(Thread, Thread.proposal_id == Proposal.id)
    order = {
        "newest": (Proposal.published_at.desc(), Proposal.id.desc()),
        "commented": (func.coalesce(Thread.comment_count, 0).desc(), Proposal.id.desc()),
    }.get(filters.sort, (Proposal.support_count.desc(), Proposal.id.desc()))
    options = [joinedload(Proposal.author), joinedload(Proposal.thread), joinedload(Proposal.group)]
    proposals = db.session.scalars(
        query.order_by(*order).limit(PAGE_SIZE).offset((max(filters.page, 1) - 1) * PAGE_SIZE).options(*options)
    ).unique().all()
    return proposals, total


def proposals_for_item(item_id, limit=10):
    """The most supported public proposals about the item: rows of what a list of links shows of them."""
    return db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.support_count)
        .join(ProposalItem, ProposalItem.proposal_id == Proposal.id)
        .where(ProposalItem.programme_item_id == item_id, Proposal.status.not_in(("draft", "withdrawn")),
               Proposal.moderation_status.is_(None))
        .order_by(Proposal.support_count.desc(), Proposal.id.desc())
        .limit(limit)
    ).all()


def staff_queue(page=1):
    """Proposals waiting for an answer: over the threshold first, then the longest waiting."""
    waiting = Proposal.status.in_(("published", "under_evaluation")) & Proposal.moderation_status.is_(None)
    reached = Proposal.threshold_reached_at.is_not(None)
    total = db.session.scalar(select(func.count()).where(waiting))
    proposals = db.session.scalars(
        select(Proposal).where(waiting)
        .order_by(reached.desc(), func.coalesce(Proposal.threshold_reached_at, Proposal.published_at).asc(),
                  Proposal.id)
        .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)
        .options(joinedload(Proposal.author))
    ).all()
    return proposals, total


def my_drafts(user):
    return db.session.scalars(
        select(Proposal).where(Proposal.author_id == user.id, Proposal.status == "draft").order_by(Proposal.id.desc())
    ).all()
