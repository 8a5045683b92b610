"""Thin routes of reports and cases: reporting, the queue, a case, claiming and deciding it, direct action."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import permissions
from ..extensions import db
from ..permissions import require
from . import bp
from .appeals import pending_appeals
from .awaiting import awaiting_staff
from .cases import author_history, claim_case, open_cases, release_case, undone_decisions
from .decisions import decide_case, hide_directly, restore_directly
from .errors import ModerationError, error_message
from .figures import dashboard_counts
from .forms import DecisionForm, DirectActionForm, ReportForm
from .labels import TARGET_LABELS
from .models import CaseOrigin, ModerationCase
from .reports import report_target
from .screening import matching_phrase
from .targets import get_target_type


def _safe_next(default):
    target = request.form.get("next") or request.args.get("next") or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


# --- reporting (residents) ---------------------------------------------------------

@bp.route("/report/<target_type>/<int:target_id>", methods=["GET", "POST"])
@login_required
def report(target_type, target_id):
    kind = get_target_type(target_type) or abort(404)
    obj = kind.load(target_id) or abort(404)
    require(permissions.can_report, current_user)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report_target(current_user, kind.name, obj.id, form.reason.data, form.note.data)
        except ModerationError as error:
            db.session.rollback()
            flash(error_message(error), "error")
        else:
            db.session.commit()
            flash(_("Thank you: your report was received. You will be told what the moderators decide."), "success")
            return redirect(kind.url(obj) or url_for("site.home"))
    return render_template(
        "moderation/report.html", form=form, kind=kind, obj=obj, target_label=TARGET_LABELS.get(kind.name, kind.name),
        text=kind.text(obj),
    ), (400 if form.errors else 200)


# --- the queue (staff) --------------------------------------------------------------

@bp.get("/moderation")
@login_required
def queue():
    require(permissions.can_moderate, current_user)
    sort = request.args.get("sort", "oldest")
    if sort not in ("oldest", "most_reported"):
        sort = "oldest"
    return render_template(
        "moderation/queue.html",
        cases=open_cases(sort),
        appeals=pending_appeals(),
        counts=dashboard_counts(),
        awaiting=awaiting_staff(),
        sort=sort,
        target_labels=TARGET_LABELS,
    )


def _load_case(case_id):
    return db.get_or_404(ModerationCase, case_id)


@bp.get("/moderation/cases/<int:case_id>")
@login_required
def case(case_id):
    require(permissions.can_moderate, current_user)
    case = _load_case(case_id)
    kind = get_target_type(case.target_type)
    obj = kind.load(case.target_id) if kind else None
    author = kind.author(obj) if obj is not None else None
    history, account_age = author_history(author)
    return render_template(
        "moderation/case.html",
        case=case,
        kind=kind,
        obj=obj,
        author=author,
        text=kind.text(obj) if obj is not None else "",
        context=kind.context(obj) if obj is not None else [],
        history=history,
        undone=undone_decisions(history),
        account_age=account_age,
        blocked_phrase=matching_phrase(kind.text(obj)) if obj is not None and case.origin == CaseOrigin.BLOCKED_PHRASE
        else None,
        form=DecisionForm(),
        target_labels=TARGET_LABELS,
        can_suspend_author=permissions.can_suspend(current_user, author) if author else False,
    )


@bp.post("/moderation/cases/<int:case_id>/claim")
@login_required
def claim(case_id):
    require(permissions.can_moderate, current_user)
    case = _load_case(case_id)
    try:
        claim_case(current_user, case)
    except ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("You are now working on this case."), "success")
    return redirect(url_for(".case", case_id=case.id))


@bp.post("/moderation/cases/<int:case_id>/release")
@login_required
def release(case_id):
    require(permissions.can_moderate, current_user)
    case = _load_case(case_id)
    try:
        release_case(current_user, case)
    except ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("The case is free for other moderators."), "success")
    return redirect(url_for(".case", case_id=case.id))


@bp.post("/moderation/cases/<int:case_id>/decide")
@login_required
def decide(case_id):
    require(permissions.can_moderate, current_user)
    case = _load_case(case_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for(".case", case_id=case.id))
    try:
        decide_case(
            current_user,
            case,
            form.action.data,
            form.reason.data,
            form.note.data,
            suspension_days=int(form.suspension_days.data),
            edited_text=form.edited_text.data,
        )
    except ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
        return redirect(url_for(".case", case_id=case.id))
    db.session.commit()
    flash(_("Decision recorded. The author and the reporters have been told."), "success")
    return redirect(url_for(".queue"))


@bp.post("/moderation/<action>/<target_type>/<int:target_id>")
@login_required
def direct(action, target_type, target_id):
    """Hide or restore straight from the public page."""
    if action not in ("hide", "restore"):
        abort(404)
    require(permissions.can_moderate, current_user)
    kind = get_target_type(target_type) or abort(404)
    obj = kind.load(target_id) or abort(404)
    form = DirectActionForm()
    back = _safe_next(kind.url(obj) or url_for(".queue"))
    if not form.validate_on_submit():
        flash(_("Choose a reason."), "error")
        return redirect(back)
    service = hide_directly if action == "hide" else restore_directly
    try:
        service(current_user, kind.name, obj.id, form.reason.data, form.note.data)
    except ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("Hidden.") if action == "hide" else _("Visible again."), "success")
    return redirect(back)
