"""The rules of moderation: reports, cases, decisions, appeals, pre-moderation.

Every function takes the acting user explicitly, flushes and never commits:
the view commits once, so each action lands whole or not at all.
"""
import statistics
import unicodedata
from datetime import UTC, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from .. import permissions
from ..accounts.models import Role, User
from ..audit.services import record_audit
from ..core.models import utcnow
from ..extensions import db
from . import notify
from .models import (
    Action,
    Appeal,
    AppealStatus,
    BlockedPhrase,
    CaseOrigin,
    CaseStatus,
    Decision,
    ModerationCase,
    Report,
    ReportReason,
)
from .settings import get_setting
from .targets import get_target_type

SUSPENSION_CHOICES = (1, 3, 7, 30, 0)  # days; 0 = permanent
PERMANENT = timedelta(days=365 * 200)
NOTE_MAX = 1000


class ModerationError(Exception):
    """A rule was broken; ``message`` is shown to the person (already translated by the view)."""

    def __init__(self, code, **data):
        super().__init__(code)
        self.code = code
        self.data = data


def _target(target_type, target_id):
    kind = get_target_type(target_type)
    if kind is None:
        raise ModerationError("unknown_target")
    obj = kind.load(target_id)
    if obj is None:
        raise ModerationError("unknown_target")
    return kind, obj


# --- reports -------------------------------------------------------------------

def _existing_open_case(kind, obj):
    return db.session.scalar(
        select(ModerationCase).where(
            ModerationCase.target_type == kind.name,
            ModerationCase.target_id == obj.id,
            ModerationCase.open_marker == 1,
        )
    )


def _open_case(kind, obj, origin):
    """The open case of a target, created if needed (safe when two requests race)."""
    case = _existing_open_case(kind, obj)
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
        case = _existing_open_case(kind, obj)
    return case


def report_target(reporter, target_type, target_id, reason, note=""):
    """A resident reports a comment, proposal, group or profile.

    Needs a verified, active resident; one report per person and target
    (a database constraint). When the number of different reporters reaches
    the threshold, or when staff report, the target is hidden pending review.
    Raises ModerationError: cannot_report, unknown_target, own_content,
    already_reported, note_too_long.
    """
    if not permissions.can_report(reporter):
        raise ModerationError("cannot_report")
    reason = ReportReason(reason)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ModerationError("note_too_long", max=NOTE_MAX)
    kind, obj = _target(target_type, target_id)
    author = kind.author(obj)
    if author is not None and author.id == reporter.id:
        raise ModerationError("own_content")
    case = _open_case(kind, obj, CaseOrigin.REPORTS)
    try:
        with db.session.begin_nested():
            report = Report(
                reporter_id=reporter.id, target_type=kind.name, target_id=obj.id, reason=reason, note=note, case_id=case.id
            )
            db.session.add(report)
    except IntegrityError:
        raise ModerationError("already_reported") from None
    # Counted in SQL: concurrent reports each add one and read the result
    # under the row lock, so the report that reaches the threshold sees it.
    db.session.execute(
        update(ModerationCase).where(ModerationCase.id == case.id).values(report_count=ModerationCase.report_count + 1)
    )
    count = db.session.scalar(select(ModerationCase.report_count).where(ModerationCase.id == case.id))
    db.session.refresh(case)
    threshold = max(1, get_setting("auto_hide_threshold"))
    if (reporter.is_staff or count >= threshold) and not kind.is_hidden(obj):
        kind.hide(obj, reason, True)
        case.auto_hidden = True
        record_audit(
            reporter if reporter.is_staff else None,
            "auto_hide" if not reporter.is_staff else "hide_on_staff_report",
            kind.name,
            obj.id,
            reason=reason,
            before_text=kind.text(obj),
            reports=count,
        )
        notify.moderators_of_hidden_case(case)
    db.session.flush()
    return report


# --- the queue -------------------------------------------------------------------

def open_cases(sort="oldest"):
    query = select(ModerationCase).where(ModerationCase.status == CaseStatus.OPEN)
    if sort == "most_reported":
        query = query.order_by(ModerationCase.report_count.desc(), ModerationCase.opened_at)
    else:
        query = query.order_by(ModerationCase.opened_at, ModerationCase.id)
    return db.session.scalars(query).all()


def pending_appeals(for_user=None):
    query = select(Appeal).where(Appeal.status == AppealStatus.PENDING).order_by(Appeal.created_at)
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
    created = user.created_at
    if created is not None and created.tzinfo is None:

        created = created.replace(tzinfo=UTC)
    return decisions, (utcnow() - created) if created else None


def claim_case(moderator, case):
    """A moderator takes a case so that nobody else works on it. Raises ModerationError."""
    if not permissions.can_moderate(moderator):
        raise ModerationError("not_allowed")
    if case.status != CaseStatus.OPEN:
        raise ModerationError("case_closed")
    if case.claimed_by_id not in (None, moderator.id):
        raise ModerationError("claimed_by_other", name=case.claimed_by.display_name if case.claimed_by else "")
    # Claim only if still unclaimed: two moderators clicking at once cannot both win.
    result = db.session.execute(
        update(ModerationCase)
        .where(ModerationCase.id == case.id, (ModerationCase.claimed_by_id.is_(None)) | (ModerationCase.claimed_by_id == moderator.id))
        .values(claimed_by_id=moderator.id, claimed_at=utcnow())
    )
    if result.rowcount != 1:
        raise ModerationError("claimed_by_other", name="")
    db.session.refresh(case)
    return case


def release_case(moderator, case):
    if case.claimed_by_id != moderator.id and moderator.role != Role.ADMINISTRATOR:
        raise ModerationError("not_allowed")
    case.claimed_by_id = None
    case.claimed_at = None
    db.session.flush()


# --- decisions ---------------------------------------------------------------------

def _suspend(subject, days, now):
    until = now + (PERMANENT if days == 0 else timedelta(days=days))
    subject.suspended_until = until
    return until


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
    if action == Action.DISMISS:
        if case is not None and case.auto_hidden and kind.is_hidden(obj):
            kind.restore(obj)
    elif action == Action.APPROVE:
        if kind.publish is not None:
            kind.publish(obj)
        elif kind.is_hidden(obj):
            kind.restore(obj)
    elif action == Action.HIDE:
        kind.hide(obj, reason, False)
    elif action == Action.RESTORE:
        kind.restore(obj)
    elif action == Action.EDIT:
        text = (edited_text or "").strip()
        if not text:
            raise ModerationError("edit_empty")
        kind.edit(obj, text, moderator)
        if kind.is_hidden(obj):
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
        decision.suspended_until = _suspend(subject, suspension_days, now)
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
    kind, obj = _target(case.target_type, case.target_id)
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
    kind, obj = _target(target_type, target_id)
    if kind.is_hidden(obj):
        raise ModerationError("already_hidden")
    case = _existing_open_case(kind, obj)
    if case is not None:
        return decide_case(staff, case, Action.HIDE, reason, note)
    return _apply(staff, kind, obj, Action.HIDE, ReportReason(reason), (note or "").strip())


def restore_directly(staff, target_type, target_id, reason, note=""):
    """Staff make a hidden target visible again."""
    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    kind, obj = _target(target_type, target_id)
    if not kind.is_hidden(obj):
        raise ModerationError("not_hidden")
    case = _existing_open_case(kind, obj)
    if case is not None:
        return decide_case(staff, case, Action.DISMISS, reason, note)
    return _apply(staff, kind, obj, Action.RESTORE, ReportReason(reason), (note or "").strip())


def current_suspension(user):
    """The decision that suspends ``user`` now, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_suspended:
        return None
    return db.session.scalar(
        select(Decision)
        .where(Decision.subject_id == user.id, Decision.action == Action.SUSPEND)
        .order_by(Decision.created_at.desc())
        .limit(1)
    )


def decisions_about(user):
    return db.session.scalars(
        select(Decision).where(Decision.subject_id == user.id).order_by(Decision.created_at.desc())
    ).all()


# --- appeals -----------------------------------------------------------------------------

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
    if len(text) > 5000:
        raise ModerationError("appeal_too_long", max=5000)
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
    if appeal.status != AppealStatus.PENDING:
        raise ModerationError("appeal_decided")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ModerationError("note_too_long", max=NOTE_MAX)
    decision = appeal.decision
    if overturn:
        kind = get_target_type(decision.target_type)
        obj = kind.load(decision.target_id) if kind else None
        if decision.action == Action.HIDE and obj is not None and kind.is_hidden(obj):
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
    from ..audit.models import AuditEntry

    entry = db.session.scalar(
        select(AuditEntry)
        .where(AuditEntry.action == Action.EDIT.value, AuditEntry.target_type == decision.target_type,
               AuditEntry.target_id == decision.target_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return entry.before_text if entry else ""


# --- pre-moderation ---------------------------------------------------------------

def _fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def matching_phrase(text):
    """The first staff-listed phrase found in ``text`` (case and accents ignored), or None."""
    import re

    folded = " ".join(_fold(text).split())
    for phrase in db.session.scalars(select(BlockedPhrase.phrase)):
        pattern = r"(?<!\w)" + re.escape(_fold(phrase)) + r"(?!\w)"
        if re.search(pattern, folded):
            return phrase
    return None


def screening_reason(author, text, thread_premoderated=False, published_count=None):
    """Why a new contribution must wait for approval, or None to publish it now.

    ``published_count`` is how many contributions the author already has;
    counted here, only when new accounts are held at all, if not given.
    """
    if author.is_staff:
        return None
    if matching_phrase(text):
        return CaseOrigin.BLOCKED_PHRASE
    if thread_premoderated:
        return CaseOrigin.PREMODERATION
    first_n = get_setting("premoderate_first_n")
    if first_n:
        if published_count is None:
            published_count = contributions_of(author)
        if published_count < first_n:
            return CaseOrigin.PREMODERATION
    return None


def hold_for_review(target_type, target_id, origin):
    """Open a review case for a contribution held before publication."""
    kind, obj = _target(target_type, target_id)
    case = _open_case(kind, obj, CaseOrigin(origin))
    case.origin = CaseOrigin(origin)
    db.session.flush()
    notify.moderators_of_held_content(case)
    return case


def add_blocked_phrase(staff, phrase):
    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    phrase = " ".join((phrase or "").split())
    if not phrase or len(phrase) > 200:
        raise ModerationError("phrase_invalid")
    if db.session.scalar(select(BlockedPhrase).where(func.lower(BlockedPhrase.phrase) == phrase.lower())):
        raise ModerationError("phrase_exists")
    row = BlockedPhrase(phrase=phrase, created_by_id=staff.id)
    db.session.add(row)
    db.session.flush()
    record_audit(staff, "blocked_phrase_added", "setting", None, note=phrase)
    return row


def remove_blocked_phrase(staff, phrase_row):
    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    record_audit(staff, "blocked_phrase_removed", "setting", None, note=phrase_row.phrase)
    db.session.delete(phrase_row)
    db.session.flush()


def change_setting(staff, key, value):
    from .settings import set_setting

    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    before = get_setting(key)
    set_setting(key, value)
    record_audit(staff, "setting_changed", "setting", None, note=f"{key}={value}", before_text=str(before))


# --- figures --------------------------------------------------------------------

def _aware(dt):

    return dt.replace(tzinfo=UTC) if dt is not None and dt.tzinfo is None else dt


def median_hours_to_decision(since=None):
    query = select(ModerationCase.opened_at, ModerationCase.closed_at).where(ModerationCase.closed_at.is_not(None))
    if since is not None:
        query = query.where(ModerationCase.closed_at >= since)
    durations = [(_aware(c) - _aware(o)).total_seconds() / 3600 for o, c in db.session.execute(query)]
    return statistics.median(durations) if durations else None


def dashboard_counts():
    """What moderators see first: open cases, waiting appeals, time to decision."""
    open_count = db.session.scalar(select(func.count()).where(ModerationCase.status == CaseStatus.OPEN))
    appeals = db.session.scalar(select(func.count()).where(Appeal.status == AppealStatus.PENDING))
    from ..proposals.models import Proposal

    awaiting = db.session.scalar(
        select(func.count()).where(
            Proposal.threshold_reached_at.is_not(None),
            Proposal.status.in_(("published", "under_evaluation")),
            Proposal.moderation_status.is_(None),
        )
    )
    return {
        "open_cases": open_count,
        "pending_appeals": appeals,
        "proposals_awaiting": awaiting,
        "median_hours_30_days": median_hours_to_decision(utcnow() - timedelta(days=30)),
    }


def monthly_figures():
    """Per month: reports received, content hidden, median hours to a decision. No personal data."""
    months = {}

    def bucket(dt):
        dt = _aware(dt)
        key = (dt.year, dt.month)
        return months.setdefault(key, {"reports": 0, "hidden": 0, "durations": []})

    for (created,) in db.session.execute(select(Report.created_at)):
        bucket(created)["reports"] += 1
    for (created,) in db.session.execute(select(Decision.created_at).where(Decision.action == Action.HIDE)):
        bucket(created)["hidden"] += 1
    for opened, closed in db.session.execute(
        select(ModerationCase.opened_at, ModerationCase.closed_at).where(ModerationCase.closed_at.is_not(None))
    ):
        bucket(closed)["durations"].append((_aware(closed) - _aware(opened)).total_seconds() / 3600)
    rows = []
    for (year, month), data in sorted(months.items(), reverse=True):
        rows.append(
            {
                "year": year,
                "month": month,
                "reports": data["reports"],
                "hidden": data["hidden"],
                "median_hours": statistics.median(data["durations"]) if data["durations"] else None,
            }
        )
    return rows


# --- writing limits -------------------------------------------------------------------

NEW_ACCOUNT_AGE = timedelta(days=1)
COMMENT_INTERVAL_NEW = timedelta(seconds=15)
COMMENT_INTERVAL = timedelta(seconds=5)
COMMENTS_PER_HOUR_NEW = 10
PROPOSALS_PER_DAY = 3


class WriteRateExceeded(Exception):
    """Too much writing too fast; ``retry_after`` is a timedelta."""

    def __init__(self, kind, retry_after):
        super().__init__(kind)
        self.kind = kind
        self.retry_after = retry_after

    def message(self):
        from flask_babel import ngettext

        seconds = max(1, int(self.retry_after.total_seconds() + 0.999))
        if seconds < 120:
            return ngettext("You are writing too fast. You can post again in %(num)d second.",
                            "You are writing too fast. You can post again in %(num)d seconds.", seconds)
        minutes = -(-seconds // 60)
        if minutes < 120:
            return ngettext("You have reached the limit for now. You can post again in %(num)d minute.",
                            "You have reached the limit for now. You can post again in %(num)d minutes.", minutes)
        hours = -(-minutes // 60)
        return ngettext("You have reached the limit for now. You can post again in %(num)d hour.",
                        "You have reached the limit for now. You can post again in %(num)d hours.", hours)


def check_write_rate(user, kind, now=None):
    """Refuse a new comment or proposal that comes too soon (limits modelled on established forums).

    Comments: one every 15 seconds and ten an hour in an account's first day,
    one every 5 seconds after. Proposals: three a day. Staff are not limited.
    Counted from the database, so every app server sees the same numbers.
    Raises WriteRateExceeded.
    """
    from flask import current_app

    if not current_app.config.get("WRITE_RATE_LIMITS", True) or user.is_staff:
        return
    now = now or utcnow()
    if kind == "proposal":
        from ..proposals.models import Proposal

        day_ago = now - timedelta(days=1)
        times = db.session.scalars(
            select(Proposal.published_at).where(Proposal.author_id == user.id, Proposal.published_at >= day_ago)
            .order_by(Proposal.published_at)
        ).all()
        if len(times) >= PROPOSALS_PER_DAY:
            raise WriteRateExceeded(kind, _aware(times[-PROPOSALS_PER_DAY]) + timedelta(days=1) - now)
        return
    from ..discussion.models import Comment

    new_account = user.created_at is not None and now - _aware(user.created_at) < NEW_ACCOUNT_AGE
    hour_ago = now - timedelta(hours=1)
    recent = db.session.scalars(
        select(Comment.created_at).where(Comment.author_id == user.id, Comment.created_at >= hour_ago)
        .order_by(Comment.created_at.desc())
    ).all()
    interval = COMMENT_INTERVAL_NEW if new_account else COMMENT_INTERVAL
    if recent and now - _aware(recent[0]) < interval:
        raise WriteRateExceeded(kind, interval - (now - _aware(recent[0])))
    if new_account and len(recent) >= COMMENTS_PER_HOUR_NEW:
        oldest_counted = _aware(recent[COMMENTS_PER_HOUR_NEW - 1])
        raise WriteRateExceeded(kind, oldest_counted + timedelta(hours=1) - now)


def contributions_of(user):
    """How many comments and proposals of ``user`` are published (for pre-moderation of new accounts)."""
    from ..discussion.models import Comment
    from ..proposals.models import Proposal

    comments = db.session.scalar(
        select(func.count()).where(Comment.author_id == user.id, Comment.status == "published")
    )
    proposals = db.session.scalar(
        select(func.count()).where(Proposal.author_id == user.id, Proposal.published_at.is_not(None),
                                   Proposal.moderation_status.is_(None))
    )
    return comments + proposals
