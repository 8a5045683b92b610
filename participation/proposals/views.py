"""Proposal pages: list, submit (draft, preview, publish), edit, withdraw, staff answers."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ..core.actions import perform
from ..core.i18n import current_language
from ..core.models import utcnow
from ..core.page_parts import page_parts
from ..core.pagination import id_arg, page_arg
from ..core.sanitize import normalise_text, plain_text_to_html
from ..discussion.context import proposal_page_context
from ..discussion.group_link import groups_user_may_speak_for, list_neighbourhoods, list_verified_groups
from ..permissions import (
    can_answer_proposal,
    can_edit_proposal,
    can_submit_proposal,
    can_view_proposal,
    can_withdraw_proposal,
    require,
)
from . import bp, services
from .forms import ProposalForm, StatusForm, WithdrawForm
from .models import PUBLIC_STATUSES


def _form(formdata=None, **data):
    from ..programme.services import all_items

    form = ProposalForm(formdata=formdata, **data) if formdata is not None else ProposalForm(**data)
    form.set_choices(all_items(), list_neighbourhoods(), groups_user_may_speak_for(current_user))
    return form


def _input(form):
    return services.ProposalInput(
        title=form.title.data or "", body=form.body.data or "", item_ids=form.items.data or [],
        neighbourhood_id=int(form.neighbourhood.data) if form.neighbourhood.data else None,
        group_id=int(form.group_id.data) if form.group_id.data else None,
        language=form.language.data,
    )


def _preview(form):
    return {"title": " ".join(normalise_text(form.title.data or "").split()),
            "body_html": plain_text_to_html(form.body.data or "")}


def _save(form, proposal=None):
    """Validate and save; returns a redirect, or None when the form must be shown again."""
    action = request.form.get("action", "draft")
    if action == "preview" or not form.validate():
        return None
    was_public = proposal is not None and proposal.status != "draft"
    publish = action == "publish"
    if proposal is None:
        saved = perform(lambda: services.create_proposal(current_user, _input(form), publish=publish), form, form.title)
        proposal = saved.value
    else:
        saved = perform(lambda: services.update_proposal(current_user, proposal, _input(form), publish=publish),
                        form, form.title)
    if not saved:
        return None
    if proposal.status == "draft":
        flash(_("Your draft is saved. Only you can see it."), "success")
        return redirect(url_for(".edit", proposal_id=proposal.id))
    flash(_("Your proposal is updated.") if was_public else _("Your proposal is published."), "success")
    return redirect(url_for(".detail", proposal_id=proposal.id))


@bp.route("/proposals/new", methods=["GET", "POST"])
@login_required
def new():
    require(can_submit_proposal, current_user)
    if request.method == "POST":
        form = _form(request.form)
        response = _save(form)
        if response is not None:
            return response
        preview = _preview(form) if request.form.get("action") == "preview" and not form.errors else None
        return render_template("proposals/form.html", form=form, proposal=None, preview=preview), (
            400 if form.errors else 200)
    item = id_arg("item")
    form = _form(language=current_language().code, items=[item] if item else [])
    return render_template("proposals/form.html", form=form, proposal=None, preview=None)


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id):
    proposal = services.get_proposal(proposal_id) or abort(404)
    require(can_edit_proposal, current_user, proposal)
    if request.method == "POST":
        form = _form(request.form)
        response = _save(form, proposal)
        if response is not None:
            return response
        preview = _preview(form) if request.form.get("action") == "preview" and not form.errors else None
        return render_template("proposals/form.html", form=form, proposal=proposal, preview=preview), (
            400 if form.errors else 200)
    form = _form(
        title=proposal.title, body=proposal.body, items=[link.programme_item_id for link in proposal.item_links],
        neighbourhood=str(proposal.neighbourhood_id or "") if not proposal.is_about_whole_city else "",
        group_id=str(proposal.group_id or ""),
        language=proposal.language,
    )
    return render_template("proposals/form.html", form=form, proposal=proposal, preview=None)


@bp.get("/proposals/<int:proposal_id>")
def detail(proposal_id):
    proposal = services.get_proposal(proposal_id) or abort(404)
    if not can_view_proposal(current_user, proposal):
        abort(404)
    status_form = StatusForm(formdata=None)
    status_form.status.choices = [SelectChoice(s, services.status_label(s)) for s in services.allowed_statuses(proposal)]
    return render_template(
        "proposals/detail.html", proposal=proposal, status_form=status_form,
        status_label=services.status_label, **page_parts("proposals.detail", proposal),
        threshold=current_app.config.get("PROPOSAL_SUPPORT_THRESHOLD", 50),
        **(proposal_page_context(proposal) if proposal.status != "draft" else {}),
    )


@bp.route("/proposals/<int:proposal_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(proposal_id):
    proposal = services.get_proposal(proposal_id) or abort(404)
    require(can_withdraw_proposal, current_user, proposal)
    form = WithdrawForm()
    if form.validate_on_submit() and perform(
            lambda: services.withdraw_proposal(current_user, proposal, form.reason.data), form, form.reason):
        flash(_("Your proposal is withdrawn."), "success")
        return redirect(url_for(".detail", proposal_id=proposal.id))
    return render_template("proposals/withdraw.html", form=form, proposal=proposal), (400 if form.errors else 200)


@bp.post("/proposals/<int:proposal_id>/status")
@login_required
def change_status(proposal_id):
    require(can_answer_proposal, current_user)
    proposal = services.get_public_proposal(proposal_id) or abort(404)
    form = StatusForm()
    form.status.choices = [SelectChoice(s, services.status_label(s)) for s in services.allowed_statuses(proposal)]
    if form.validate() and perform(
            lambda: services.change_status(current_user, proposal, form.status.data, form.answer.data or ""),
            form, form.answer):
        flash(_("The status is now: %(status)s.", status=services.status_label(proposal.status)), "success")
        return redirect(url_for(".detail", proposal_id=proposal.id))
    return render_template("proposals/status.html", form=form, proposal=proposal,
                           status_label=services.status_label), 400


def _int_arg(name):
    return id_arg(name)


@bp.get("/proposals")
def index():
    from ..programme.services import item_choices, list_areas_with_counts

    status = request.args.get("status") or None
    filters = services.Filters(
        area=_int_arg("area"), item=_int_arg("item"),
        status=status if status in PUBLIC_STATUSES else None,
        neighbourhood=_int_arg("neighbourhood"), group=_int_arg("group"),
        sort=request.args.get("sort") if request.args.get("sort") in services.SORTS else "supported",
        page=max(_int_arg("page") or 1, 1),
    )
    proposals, total = services.list_proposals(filters)
    pages = max(1, -(-total // services.PAGE_SIZE))
    return render_template(
        "proposals/index.html", proposals=proposals, total=total, pages=pages, filters=filters,
        areas=[a for a, _count in list_areas_with_counts()], items=item_choices(),
        neighbourhoods=list_neighbourhoods(), groups=list_verified_groups(),
        statuses=PUBLIC_STATUSES, status_label=services.status_label,
        threshold=current_app.config.get("PROPOSAL_SUPPORT_THRESHOLD", 50),
    )


@bp.get("/staff/proposals")
@login_required
def staff_queue():
    require(can_answer_proposal, current_user)
    page = page_arg()
    proposals, total = services.staff_queue(page)
    return render_template("proposals/staff_queue.html", proposals=proposals, total=total, page=page,
                           pages=max(1, -(-total // services.PAGE_SIZE)), now=utcnow(),
                           status_label=services.status_label)


@bp.get("/proposals/mine")
@login_required
def mine():
    return render_template("proposals/mine.html", drafts=services.my_drafts(current_user))
