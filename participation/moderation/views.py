"""Thin routes of moderation: load, check, validate, call one service, commit, redirect."""
import csv
import io
from datetime import datetime, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import permissions
from ..audit.models import AuditEntry
from ..core.pagination import page_arg
from ..extensions import db
from ..permissions import require
from . import bp, services
from .forms import AppealDecisionForm, AppealForm, DecisionForm, DirectActionForm, PhraseForm, ReportForm, SettingsForm
from .labels import TARGET_LABELS
from .models import Appeal, BlockedPhrase, Decision, ModerationCase
from .settings import get_setting
from .targets import get_target_type

AUDIT_PAGE_SIZE = 50


def error_message(error):
    """The person's-language message for a ModerationError."""
    messages = {
        "cannot_report": _("Only residents with a confirmed email address who are not suspended can report."),
        "unknown_target": _("What you tried to report or moderate does not exist any more."),
        "own_content": _("You cannot report or moderate your own contributions."),
        "already_reported": _("You have already reported this. The moderators will look at it."),
        "note_too_long": _("The note is too long: at most %(max)d characters.", max=error.data.get("max", 1000)),
        "not_allowed": _("You are not allowed to do this."),
        "case_closed": _("This case has already been decided."),
        "claimed_by_other": _("Another moderator is working on this case."),
        "edit_empty": _("Write the text as it should be published."),
        "no_author": _("This content has no author to warn or suspend."),
        "cannot_suspend": _("You cannot suspend this account."),
        "bad_duration": _("Choose a suspension length from the list."),
        "already_hidden": _("This is already hidden."),
        "not_hidden": _("This is not hidden."),
        "cannot_appeal": _("This decision cannot be appealed, or it has been appealed already."),
        "appeal_empty": _("Explain why the decision should be reviewed."),
        "appeal_too_long": _("The appeal is too long: at most %(max)d characters.", max=error.data.get("max", 5000)),
        "already_appealed": _("This decision has been appealed already."),
        "cannot_decide_appeal": _("Another moderator must review this appeal."),
        "appeal_decided": _("This appeal has already been decided."),
        "phrase_invalid": _("Enter a word or phrase of at most 200 characters."),
        "phrase_exists": _("That phrase is already on the list."),
    }
    return messages.get(error.code, _("The action could not be completed."))


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
            services.report_target(current_user, kind.name, obj.id, form.reason.data, form.note.data)
        except services.ModerationError as error:
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
        cases=services.open_cases(sort),
        appeals=services.pending_appeals(),
        counts=services.dashboard_counts(),
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
    history, account_age = services.author_history(author)
    return render_template(
        "moderation/case.html",
        case=case,
        kind=kind,
        obj=obj,
        author=author,
        text=kind.text(obj) if obj is not None else "",
        context=kind.context(obj) if obj is not None else [],
        history=history,
        account_age=account_age,
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
        services.claim_case(current_user, case)
    except services.ModerationError as error:
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
        services.release_case(current_user, case)
    except services.ModerationError as error:
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
        services.decide_case(
            current_user,
            case,
            form.action.data,
            form.reason.data,
            form.note.data,
            suspension_days=int(form.suspension_days.data),
            edited_text=form.edited_text.data,
        )
    except services.ModerationError as error:
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
    service = services.hide_directly if action == "hide" else services.restore_directly
    try:
        service(current_user, kind.name, obj.id, form.reason.data, form.note.data)
    except services.ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("Hidden.") if action == "hide" else _("Visible again."), "success")
    return redirect(back)


# --- decisions and appeals (the person concerned) -----------------------------------

@bp.get("/account/decisions")
@login_required
def my_decisions():
    return render_template("moderation/my_decisions.html", decisions=services.decisions_about(current_user))


@bp.route("/decisions/<int:decision_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(decision_id):
    decision = db.get_or_404(Decision, decision_id)
    if decision.subject_id != current_user.id:
        abort(403)
    form = AppealForm()
    if request.method == "POST":
        require(permissions.can_appeal, current_user, decision)
        if form.validate_on_submit():
            try:
                services.appeal_decision(current_user, decision, form.text.data)
            except services.ModerationError as error:
                db.session.rollback()
                flash(error_message(error), "error")
            else:
                db.session.commit()
                flash(_("Your appeal was sent. A different moderator will review the decision."), "success")
                return redirect(url_for(".my_decisions"))
    return render_template("moderation/appeal.html", decision=decision, form=form), (400 if form.errors else 200)


@bp.get("/moderation/appeals/<int:appeal_id>")
@login_required
def appeal_review(appeal_id):
    require(permissions.can_moderate, current_user)
    appeal = db.get_or_404(Appeal, appeal_id)
    kind = get_target_type(appeal.decision.target_type)
    obj = kind.load(appeal.decision.target_id) if kind else None
    return render_template(
        "moderation/appeal_review.html", appeal=appeal, decision=appeal.decision, kind=kind, obj=obj,
        text=kind.text(obj) if obj is not None else "", form=AppealDecisionForm(), target_labels=TARGET_LABELS,
    )


@bp.post("/moderation/appeals/<int:appeal_id>/decide")
@login_required
def appeal_decide(appeal_id):
    require(permissions.can_moderate, current_user)
    appeal = db.get_or_404(Appeal, appeal_id)
    require(permissions.can_decide_appeal, current_user, appeal)
    form = AppealDecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose a result."), "error")
        return redirect(url_for(".appeal_review", appeal_id=appeal.id))
    try:
        services.decide_appeal(current_user, appeal, form.outcome.data == "overturn", form.note.data)
    except services.ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
        return redirect(url_for(".appeal_review", appeal_id=appeal.id))
    db.session.commit()
    flash(_("The appeal is decided. The resident has been told."), "success")
    return redirect(url_for(".queue"))


# --- settings ------------------------------------------------------------------------

@bp.route("/moderation/settings", methods=["GET", "POST"])
@login_required
def settings():
    require(permissions.can_moderate, current_user)
    form = SettingsForm(
        data={"auto_hide_threshold": get_setting("auto_hide_threshold"), "premoderate_first_n": get_setting("premoderate_first_n")}
        if request.method == "GET" else None
    )
    phrase_form = PhraseForm(prefix="phrase")
    if request.method == "POST" and form.validate_on_submit():
        services.change_setting(current_user, "auto_hide_threshold", form.auto_hide_threshold.data)
        services.change_setting(current_user, "premoderate_first_n", form.premoderate_first_n.data)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for(".settings"))
    phrases = db.session.scalars(select(BlockedPhrase).order_by(BlockedPhrase.phrase)).all()
    return render_template("moderation/settings.html", form=form, phrase_form=phrase_form, phrases=phrases), (
        400 if form.errors else 200
    )


@bp.post("/moderation/phrases")
@login_required
def add_phrase():
    require(permissions.can_moderate, current_user)
    form = PhraseForm(prefix="phrase")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for(".settings"))
    try:
        services.add_blocked_phrase(current_user, form.phrase.data)
    except services.ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("Phrase added: matching contributions will wait for review."), "success")
    return redirect(url_for(".settings"))


@bp.post("/moderation/phrases/<int:phrase_id>/delete")
@login_required
def remove_phrase(phrase_id):
    require(permissions.can_moderate, current_user)
    phrase = db.get_or_404(BlockedPhrase, phrase_id)
    services.remove_blocked_phrase(current_user, phrase)
    db.session.commit()
    flash(_("Phrase removed."), "success")
    return redirect(url_for(".settings"))


# --- audit log (administrators) and public figures ----------------------------------

def _audit_query():
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    action = request.args.get("action", "").strip()
    actor = request.args.get("actor", "").strip()
    target_type = request.args.get("target_type", "").strip()
    since = request.args.get("since", "").strip()
    until = request.args.get("until", "").strip()
    if action:
        query = query.where(AuditEntry.action == action[:40])
    if actor:
        query = query.where(AuditEntry.actor_name.ilike(f"%{actor[:120]}%"))
    if target_type:
        query = query.where(AuditEntry.target_type == target_type[:20])
    for value, op in ((since, "ge"), (until, "lt")):
        if value:
            try:
                day = datetime.strptime(value, "%Y-%m-%d")
            except ValueError:
                abort(400)
            if op == "ge":
                query = query.where(AuditEntry.created_at >= day)
            else:
                query = query.where(AuditEntry.created_at < day + timedelta(days=1))
    return query


@bp.get("/admin/audit")
@login_required
def audit():
    require(permissions.can_view_audit, current_user)
    page = page_arg()
    entries = db.session.scalars(_audit_query().limit(AUDIT_PAGE_SIZE + 1).offset((page - 1) * AUDIT_PAGE_SIZE)).all()
    actions = db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    return render_template(
        "moderation/audit.html", entries=entries[:AUDIT_PAGE_SIZE], has_next=len(entries) > AUDIT_PAGE_SIZE,
        page=page, actions=actions, args=request.args,
    )


@bp.get("/admin/audit.csv")
@login_required
def audit_csv():
    require(permissions.can_view_audit, current_user)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "created_at", "actor_id", "actor", "action", "target_type", "target_id", "reason", "note", "before_text"])
    for entry in db.session.scalars(_audit_query()):
        writer.writerow([
            entry.id, entry.created_at.isoformat(), entry.actor_id or "", entry.actor_name, entry.action,
            entry.target_type, entry.target_id or "", entry.reason, entry.note, entry.before_text,
        ])
    return Response(
        "\ufeff" + buffer.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=audit-log.csv"},
    )


@bp.get("/transparency")
def transparency():
    return render_template("moderation/transparency.html", months=services.monthly_figures())
