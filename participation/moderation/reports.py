"""Residents report contributions; enough reports, or one from staff, hide the target until reviewed."""
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import permissions
from ..audit.services import record_audit
from ..extensions import db
from . import notify
from .cases import NOTE_MAX, load_target, lock_open_case
from .errors import ModerationError
from .models import CaseOrigin, ModerationCase, Report, ReportReason
from .settings import get_setting


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
    kind, obj = load_target(target_type, target_id)
    author = kind.author(obj)
    if author is not None and author.id == reporter.id:
        raise ModerationError("own_content")
    case = lock_open_case(kind, obj, CaseOrigin.REPORTS)
    try:
        with db.session.begin_nested():
            report = Report(
                reporter_id=reporter.id, target_type=kind.name, target_id=obj.id, reason=reason, note=note, case_id=case.id
            )
            db.session.add(report)
    except IntegrityError:
        raise ModerationError("already_reported") from None
    # Counted in SQL under the case's row lock: concurrent reports each add one
    # and read the result, so the report that reaches the threshold sees it.
    db.session.execute(
        update(ModerationCase).where(ModerationCase.id == case.id).values(report_count=ModerationCase.report_count + 1)
    )
    count = db.session.scalar(select(ModerationCase.report_count).where(ModerationCase.id == case.id))
    db.session.refresh(case)
    threshold = max(1, get_setting("auto_hide_threshold"))
    # ``hide`` checks under the target's row lock: of the reports at or over the
    # threshold at once, only the one that hides it records and announces it.
    if (reporter.is_staff or count >= threshold) and kind.hide(obj, reason, True):
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
