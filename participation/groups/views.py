"""Pages of neighbourhood groups."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..core.actions import perform
from ..core.forms import safe_next_url
from ..core.i18n import current_language
from ..extensions import db
from ..notifications.services import is_following_group
from ..permissions import (
    can_create_group,
    can_edit_neighbourhoods,
    can_join_group,
    can_leave_group,
    can_manage_group,
    can_verify_group,
    require,
)
from . import bp, services
from .forms import ActionForm, EditGroupForm, GroupForm, NeighbourhoodForm
from .models import GroupMembership, Neighbourhood


def _group_or_404(slug):
    return services.get_group_by_slug(slug) or abort(404)


def _membership_or_404(group, membership_id):
    membership = db.session.get(GroupMembership, membership_id)
    if membership is None or membership.group_id != group.id:
        abort(404)
    return membership


def _neighbourhood(form):
    return db.session.get(Neighbourhood, form.neighbourhood.data)


def _back(group):
    return redirect(url_for("groups.show", slug=group.slug))


@bp.get("/groups")
def index():
    return render_template("groups/index.html", groups=services.list_groups())


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def create():
    require(can_create_group, current_user)
    form = GroupForm().set_neighbourhoods(services.list_neighbourhoods())
    if form.validate_on_submit():
        existing = services.find_group_by_name(form.name.data)
        if existing is not None and existing.created_by_id == current_user.id:
            # The same form sent twice: show the group created the first time.
            flash(_("Your group has been created."), "success")
            return _back(existing)
        try:
            created = perform(lambda: services.create_group(
                current_user, form.name.data, _neighbourhood(form), form.description.data,
                form.contact_email.data, language=current_language().code,
            ), form, form.name)
        except IntegrityError:  # the same name taken by a request at the same moment
            db.session.rollback()
            form.name.errors = [*form.name.errors, _("A group with this name already exists.")]
        else:
            if created:
                flash(_("Your group has been created. The City's staff will verify it before it can publish "
                        "on behalf of its members."), "success")
                return _back(created.value)
    return render_template("groups/form.html", form=form, group=None), 400 if form.errors else 200


@bp.get("/groups/<slug>")
def show(slug):
    group = _group_or_404(slug)
    return render_template(
        "groups/show.html", group=group, action_form=ActionForm(), publications=services.group_publications(group),
        following=is_following_group(current_user, group.id),
    )


@bp.route("/groups/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug):
    group = _group_or_404(slug)
    require(can_manage_group, current_user, group)
    form = EditGroupForm(obj=group).set_neighbourhoods(services.list_neighbourhoods())
    if not form.is_submitted():
        form.neighbourhood.data = group.neighbourhood_id
    if form.validate_on_submit():
        services.update_group(current_user, group, _neighbourhood(form), form.description.data, form.contact_email.data)
        db.session.commit()
        flash(_("The group has been updated."), "success")
        return _back(group)
    return render_template("groups/form.html", form=form, group=group), 400 if form.errors else 200


@bp.post("/groups/<slug>/join")
@login_required
def join(slug):
    group = _group_or_404(slug)
    require(can_join_group, current_user, group)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        sent = perform(lambda: services.request_to_join(current_user, group))
    except IntegrityError:  # the button pressed twice
        db.session.rollback()
        return _back(group)
    if sent:
        flash(_("Your request has been sent to the administrators of the group."), "success")
    return _back(group)


@bp.post("/groups/<slug>/leave")
@login_required
def leave(slug):
    group = _group_or_404(slug)
    require(can_leave_group, current_user, group)
    if not ActionForm().validate_on_submit():
        abort(400)
    if perform(lambda: services.leave_group(current_user, group)):
        flash(_("You are no longer a member of this group."), "success")
    return _back(group)


_MEMBER_ACTIONS = {
    "accept": services.accept_request,
    "refuse": services.refuse_request,
    "promote": services.promote_member,
    "remove": services.remove_member,
}


@bp.post("/groups/<slug>/members/<int:membership_id>/<any(accept, refuse, promote, remove):action>")
@login_required
def member_action(slug, membership_id, action):
    group = _group_or_404(slug)
    require(can_manage_group, current_user, group)
    membership = _membership_or_404(group, membership_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not perform(lambda: _MEMBER_ACTIONS[action](current_user, group, membership)):
        return _back(group)
    messages = {
        "accept": _("The request has been accepted."),
        "refuse": _("The request has been refused."),
        "promote": _("The member is now an administrator of the group."),
        "remove": _("The member has been removed from the group."),
    }
    flash(messages[action], "success")
    return _back(group)


@bp.post("/groups/<slug>/<any(verify, unverify):action>")
@login_required
def verification(slug, action):
    group = _group_or_404(slug)
    require(can_verify_group, current_user)
    if not ActionForm().validate_on_submit():
        abort(400)
    service = services.verify_group if action == "verify" else services.unverify_group
    if perform(lambda: service(current_user, group)):
        flash(_("The group is now verified.") if action == "verify" else _("The group is no longer verified."),
              "success")
    back = safe_next_url(request.form.get("next"))  # the list of groups awaiting verification
    return redirect(back) if back else _back(group)


@bp.get("/staff/groups")
@login_required
def awaiting_verification():
    require(can_verify_group, current_user)
    return render_template("groups/awaiting_verification.html", groups=services.groups_awaiting_verification(),
                           action_form=ActionForm())


def _neighbourhoods_page(add_form, failed=None, status=200):
    """The staff page of neighbourhoods: an add form and one rename form per row."""
    rows = []
    for neighbourhood in services.list_neighbourhoods():
        if failed is not None and failed.meta.neighbourhood_id == neighbourhood.id:
            rows.append((neighbourhood, failed))
        else:
            form = NeighbourhoodForm(prefix=f"n{neighbourhood.id}", formdata=None, name=neighbourhood.name)
            rows.append((neighbourhood, form))
    return render_template("groups/neighbourhoods.html", form=add_form, rows=rows,
                           failed=failed), status


@bp.route("/groups/neighbourhoods", methods=["GET", "POST"])
@login_required
def neighbourhoods():
    require(can_edit_neighbourhoods, current_user)
    form = NeighbourhoodForm(prefix="new")
    if form.validate_on_submit():
        if perform(lambda: services.add_neighbourhood(current_user, form.name.data), form, form.name):
            flash(_("The neighbourhood has been added."), "success")
            return redirect(url_for("groups.neighbourhoods"))
    return _neighbourhoods_page(form, status=400 if form.errors else 200)


@bp.post("/groups/neighbourhoods/<int:neighbourhood_id>")
@login_required
def rename_neighbourhood(neighbourhood_id):
    require(can_edit_neighbourhoods, current_user)
    neighbourhood = db.get_or_404(Neighbourhood, neighbourhood_id)
    form = NeighbourhoodForm(prefix=f"n{neighbourhood.id}")
    form.meta.neighbourhood_id = neighbourhood.id
    if form.validate_on_submit():
        if perform(lambda: services.rename_neighbourhood(current_user, neighbourhood, form.name.data), form, form.name):
            flash(_("The neighbourhood has been renamed."), "success")
            return redirect(url_for("groups.neighbourhoods"))
    return _neighbourhoods_page(NeighbourhoodForm(prefix="new", formdata=None), failed=form, status=400)
