"""Moderation cases: the target a case is about, opening a case, the queue, and claiming a case.

Every function takes the acting user explicitly, flushes and never commits:
the view commits once, so each action lands whole or not at all.
"""

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import permissions
from ..accounts.models import Role
from ..core.models import as_utc, utcnow
from ..core.sql import lock_row
from ..extensions import db
from .errors import ModerationError
from .models import Action, AppealStatus, CaseStatus, Decision, ModerationCase
from .targets import get_target_type

NOTE_MAX = 1000


def load_target(target_type, target_id):
    """The registered kind and the object it names. Raises ModerationError("unknown_target")."""
    kind = get_target_type(target_type)
    if kind is None:
        raise ModerationError("unknown_target")
    obj = kind.load(target_id)
    if obj is None:
        raise ModerationError("unknown_target")
    return kind, obj


def find_open_case(kind, obj):
    """The open case about ``obj``, or None."""
    return db.session.scalar(
        select(ModerationCase).where(
            ModerationCase.target_type == kind.name,
            ModerationCase.target_id == obj.id,
            ModerationCase.open_marker == 1,
        )
    )


def open_case(kind, obj, origin):
    """The open case of a target, created if needed (safe when two requests race)."""
    case = find_open_case(kind, obj)
    if case is not None:
        return case
    author = kind.author(obj)
    try:
        with db.session.begin_nested():
            case = ModerationCase(
                target_type=kind.name,
                target_id=obj.id,
                author_id=getattr(author, "id", None),
                origin=origin,
                report_count=0,
            )
            db.session.add(case)
    except IntegrityError:
        case = find_open_case(kind, obj)
    return case


def lock_open_case(kind, obj, origin):
    """The open case of a target, created if needed, with its row lock held until the transaction ends.

    A case a moderator closed while this request was on its way is not
    used: the report or hold then opens the target's next case.
    """
    while True:
        case = lock_row(open_case(kind, obj, origin))
        if case.status == CaseStatus.OPEN:
            return case


# --- the queue -------------------------------------------------------------------

def open_cases(sort="oldest"):
    """The open cases, oldest first or (``sort="most_reported"``) most reported first."""
    query = select(ModerationCase).where(ModerationCase.status == CaseStatus.OPEN)
    if sort == "most_reported":
        query = query.order_by(ModerationCase.report_count.desc(), ModerationCase.opened_at)
    else:
        query = query.order_by(ModerationCase.opened_at, ModerationCase.id)
    return db.session.scalars(query).all()


def author_history(user):
    """Earlier decisions against a person, newest first, and their account age."""
    if user is None:
        return [], None
    decisions = db.session.scalars(
        select(Decision)
        .where(Decision.subject_id == user.id, Decision.action.in_([Action.HIDE, Action.EDIT, Action.WARN, Action.SUSPEND]))
        .order_by(Decision.created_at.desc())
    ).all()
    created = as_utc(user.created_at)
    return decisions, (utcnow() - created) if created else None


def undone_decisions(decisions):
    """``{decision id: "overturned" | "restored"}`` for those of ``decisions`` that no longer stand:
    reversed on appeal, or (a hiding) followed by a decision that made the content visible again."""
    undone = {d.id: "overturned" for d in decisions if d.appeal is not None and d.appeal.status == AppealStatus.OVERTURNED}
    hidings = [d for d in decisions if d.action == Action.HIDE and d.id not in undone]
    if hidings:
        restores = db.session.execute(
            select(Decision.target_type, Decision.target_id, Decision.created_at).where(
                Decision.action == Action.RESTORE,
                Decision.target_id.in_({d.target_id for d in hidings}),
            )
        ).all()
        for hiding in hidings:
            if any(r.target_type == hiding.target_type and r.target_id == hiding.target_id
                   and as_utc(r.created_at) >= as_utc(hiding.created_at) for r in restores):
                undone[hiding.id] = "restored"
    return undone


def claim_case(moderator, case):
    """A moderator takes a case so that nobody else works on it. Raises ModerationError."""
    if not permissions.can_moderate(moderator):
        raise ModerationError("not_allowed")
    if case.status != CaseStatus.OPEN:
        raise ModerationError("case_closed")
    if case.claimed_by_id not in (None, moderator.id):
        raise ModerationError("claimed_by_other", name=case.claimed_by.display_name if case.claimed_by else "")
    # Claim only if still open and unclaimed: two moderators clicking at once cannot both win.
    result = db.session.execute(
        update(ModerationCase)
        .where(ModerationCase.id == case.id, ModerationCase.status == CaseStatus.OPEN,
               (ModerationCase.claimed_by_id.is_(None)) | (ModerationCase.claimed_by_id == moderator.id))
        .values(claimed_by_id=moderator.id, claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(case)
    if result.rowcount != 1:
        if case.status != CaseStatus.OPEN:
            raise ModerationError("case_closed")
        raise ModerationError("claimed_by_other", name=case.claimed_by.display_name if case.claimed_by else "")
    return case


def release_case(moderator, case):
    """The claiming moderator (or an administrator) frees a case for others. Raises ModerationError."""
    if case.claimed_by_id != moderator.id and moderator.role != Role.ADMINISTRATOR:
        raise ModerationError("not_allowed")
    case.claimed_by_id = None
    case.claimed_at = None
    db.session.flush()
