"""Appeals: the person a decision is about asks a different moderator for a second look.

Every function takes the acting user explicitly, flushes and never commits.
"""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import permissions
from ..accounts.models import Role, User
from ..audit.models import AuditEntry
from ..audit.services import record_audit
from ..core.models import utcnow
from ..core.sql import lock_row
from ..extensions import db
from . import notify
from .cases import NOTE_MAX
from .errors import ModerationError
from .models import Action, Appeal, AppealStatus
from .targets import get_target_type

APPEAL_MAX = 5000


def pending_appeals(for_user=None):
    """The appeals that wait for an answer, oldest first."""
    query = select(Appeal).where(Appeal.status == AppealStatus.PENDING).order_by(Appeal.created_at)
    return db.session.scalars(query).all()


def _pick_reviewer(decision, appellant):
    """A moderator other than the one who decided (and not the appellant), least busy first."""
    staff = db.session.scalars(
        select(User).where(
            User.role.in_([Role.MODERATOR, Role.ADMINISTRATOR]),
            User.deleted_at.is_(None),
            User.id != appellant.id,
        )
    ).all()
    others = [s for s in staff if s.id != decision.moderator_id and not s.is_suspended]
    if not others:
        return None
    load = dict(
        db.session.execute(
            select(Appeal.assigned_to_id, func.count())
            .where(Appeal.status == AppealStatus.PENDING)
            .group_by(Appeal.assigned_to_id)
        ).all()
    )
    return min(others, key=lambda s: (load.get(s.id, 0), s.id))


def appeal_decision(user, decision, text):
    """The person a decision is about asks for a second look (once per decision)."""
    if not permissions.can_appeal(user, decision):
        raise ModerationError("cannot_appeal")
    text = (text or "").strip()
    if not text:
        raise ModerationError("appeal_empty")
    if len(text) > APPEAL_MAX:
        raise ModerationError("appeal_too_long", max=APPEAL_MAX)
    reviewer = _pick_reviewer(decision, user)
    try:
        with db.session.begin_nested():
            appeal = Appeal(
                decision_id=decision.id,
                appellant_id=user.id,
                text=text,
                assigned_to_id=getattr(reviewer, "id", None),
            )
            db.session.add(appeal)
    except IntegrityError:
        raise ModerationError("already_appealed") from None
    record_audit(user, "appeal", decision.target_type, decision.target_id, reason=decision.reason, decision=decision.id)
    notify.moderators_of_appeal(appeal)
    return appeal


def decide_appeal(moderator, appeal, overturn, note=""):
    """Final answer to an appeal. Overturning undoes the decision's effect."""
    if not permissions.can_decide_appeal(moderator, appeal):
        raise ModerationError("cannot_decide_appeal")
    lock_row(appeal)  # two answers at once: the second finds the appeal decided
    if appeal.status != AppealStatus.PENDING:
        raise ModerationError("appeal_decided")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ModerationError("note_too_long", max=NOTE_MAX)
    decision = appeal.decision
    if overturn:
        kind = get_target_type(decision.target_type)
        obj = kind.load(decision.target_id) if kind else None
        if decision.action == Action.HIDE and obj is not None:
            kind.restore(obj)
        elif decision.action == Action.EDIT and obj is not None:
            before = _text_before(decision)
            if before:
                kind.edit(obj, before, moderator)
        elif decision.action == Action.SUSPEND and decision.subject is not None:
            decision.subject.suspended_until = None
    appeal.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
    appeal.decided_by_id = moderator.id
    appeal.decided_at = utcnow()
    appeal.result_note = note
    db.session.flush()
    record_audit(
        moderator,
        "appeal_overturned" if overturn else "appeal_upheld",
        decision.target_type,
        decision.target_id,
        reason=decision.reason,
        note=note,
        decision=decision.id,
        appeal=appeal.id,
    )
    notify.appellant_of_result(appeal)
    return appeal


def _text_before(decision):
    """The text a moderator's latest edit of the decision's target replaced, or ""."""
    entry = db.session.scalar(
        select(AuditEntry)
        .where(AuditEntry.action == Action.EDIT.value, AuditEntry.target_type == decision.target_type,
               AuditEntry.target_id == decision.target_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return entry.before_text if entry else ""
