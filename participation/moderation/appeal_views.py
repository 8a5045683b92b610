"""Thin routes of decisions and appeals: the person concerned appeals, another moderator decides."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import permissions
from ..extensions import db
from ..permissions import require
from . import bp
from .appeals import appeal_decision, decide_appeal
from .decisions import decisions_about
from .errors import ModerationError, error_message
from .forms import AppealDecisionForm, AppealForm
from .labels import TARGET_LABELS
from .models import Appeal, Decision
from .targets import get_target_type


@bp.get("/account/decisions")
@login_required
def my_decisions():
    return render_template("moderation/my_decisions.html", decisions=decisions_about(current_user))


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
                appeal_decision(current_user, decision, form.text.data)
            except ModerationError as error:
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
        decide_appeal(current_user, appeal, form.outcome.data == "overturn", form.note.data)
    except ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
        return redirect(url_for(".appeal_review", appeal_id=appeal.id))
    db.session.commit()
    flash(_("The appeal is decided. The resident has been told."), "success")
    return redirect(url_for(".queue"))
