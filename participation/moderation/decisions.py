"""Decisions of moderators: closing a case, or hiding and restoring straight from a public page.

Every function takes the acting user explicitly, flushes and never commits.
"""
from sqlalchemy import select

from .. import permissions
from ..audit.services import record_audit
from ..core.models import utcnow
from ..core.sql import lock_row
from ..extensions import db
from . import notify
from .cases import NOTE_MAX, find_open_case, load_target
from .errors import ModerationError
from .models import Action, CaseStatus, Decision, ReportReason
from .suspensions import SUSPENSION_CHOICES, suspend


def _apply(moderator, kind, obj, action, reason, note, suspension_days=None, edited_text=None, case=None):
    """Carry out one decision on a target and record it. Returns the Decision."""
    subject = kind.author(obj)
    if subject is not None and subject.id == moderator.id:
        raise ModerationError("own_content")
    before = kind.text(obj)
    now = utcnow()
    decision = Decision(
        case_id=case.id if case is not None else None,
        target_type=kind.name,
        target_id=obj.id,
        subject_id=getattr(subject, "id", None),
        moderator_id=moderator.id,
        action=action,
        reason=reason,
        note=note,
        created_at=now,
    )
    # Hiding and restoring check the target's state under its row lock: of two moderators acting
    # at once without a case, the second finds the change made and is told so.
    if action == Action.DISMISS:
        if case is not None and case.auto_hidden:
            kind.restore(obj)
    elif action == Action.APPROVE:
        if kind.publish is not None:
            kind.publish(obj)
        else:
            kind.restore(obj)
    elif action == Action.HIDE:
        if not kind.hide(obj, reason, False) and case is None:
            raise ModerationError("already_hidden")
    elif action == Action.RESTORE:
        if not kind.restore(obj):
            raise ModerationError("not_hidden")
    elif action == Action.EDIT:
        text = (edited_text or "").strip()
        if not text:
            raise ModerationError("edit_empty")
        kind.edit(obj, text, moderator)
        kind.restore(obj)
    elif action == Action.WARN:
        if subject is None:
            raise ModerationError("no_author")
    elif action == Action.SUSPEND:
        if subject is None:
            raise ModerationError("no_author")
        if not permissions.can_suspend(moderator, subject):
            raise ModerationError("cannot_suspend")
        if suspension_days not in SUSPENSION_CHOICES:
            raise ModerationError("bad_duration")
        decision.suspension_days = suspension_days
        decision.suspended_until = suspend(subject, suspension_days, now)
    db.session.add(decision)
    db.session.flush()
    record_audit(
        moderator,
        action.value,
        kind.name,
        obj.id,
        reason=reason,
        note=note,
        before_text=before if action in (Action.HIDE, Action.EDIT, Action.RESTORE) else "",
        decision=decision.id,
        case=case.id if case is not None else None,
        subject=getattr(subject, "id", None),
        suspension_days=decision.suspension_days,
    )
    if subject is not None and action not in (Action.DISMISS,):
        notify.subject_of_decision(decision)
    return decision


def decide_case(moderator, case, action, reason, note="", suspension_days=None, edited_text=None):
    """Close an open case with a decision (each decision has a reason).

    Needs a moderator who is not the author and whose claim (if any) holds.
    Reporters are told the outcome. Raises ModerationError.
    """
    if not permissions.can_moderate(moderator):
        raise ModerationError("not_allowed")
    lock_row(case)  # two moderators deciding at once: the second finds the case closed
    if case.status != CaseStatus.OPEN:
        raise ModerationError("case_closed")
    if case.claimed_by_id not in (None, moderator.id):
        raise ModerationError("claimed_by_other", name=case.claimed_by.display_name if case.claimed_by else "")
    action, reason = Action(action), ReportReason(reason)
    if action == Action.RESTORE:
        action = Action.DISMISS
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ModerationError("note_too_long", max=NOTE_MAX)
    kind, obj = load_target(case.target_type, case.target_id)
    decision = _apply(moderator, kind, obj, action, reason, note, suspension_days, edited_text, case)
    case.status = CaseStatus.CLOSED
    case.open_marker = None
    case.closed_at = decision.created_at
    db.session.flush()
    notify.reporters_of_outcome(case, decision)
    return decision


def hide_directly(staff, target_type, target_id, reason, note=""):
    """Staff hide a target from its public page; any open case is closed with it."""
    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    kind, obj = load_target(target_type, target_id)
    if kind.is_hidden(obj):
        raise ModerationError("already_hidden")
    case = find_open_case(kind, obj)
    if case is not None:
        return decide_case(staff, case, Action.HIDE, reason, note)
    return _apply(staff, kind, obj, Action.HIDE, ReportReason(reason), (note or "").strip())


def restore_directly(staff, target_type, target_id, reason, note=""):
    """Staff make a hidden target visible again."""
    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    kind, obj = load_target(target_type, target_id)
    if not kind.is_hidden(obj):
        raise ModerationError("not_hidden")
    case = find_open_case(kind, obj)
    if case is not None:
        return decide_case(staff, case, Action.DISMISS, reason, note)
    return _apply(staff, kind, obj, Action.RESTORE, ReportReason(reason), (note or "").strip())


def decisions_about(user):
    """Every decision about ``user`` or their contributions, newest first."""
    return db.session.scalars(
        select(Decision).where(Decision.subject_id == user.id).order_by(Decision.created_at.desc())
    ).all()
