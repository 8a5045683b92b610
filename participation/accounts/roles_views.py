"""Pages of staff roles (administrators)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from ..core.actions import perform
from ..extensions import db
from ..permissions import can_manage_roles, require
from . import bp, services
from .forms import ROLE_CHOICES, FindUserForm, RoleForm
from .models import Role, User
from .normalize import display_name_key, email_key


@bp.get("/admin/roles")
@login_required
def roles():
    require(can_manage_roles, current_user)
    find_form = FindUserForm(request.args)
    found = []
    if find_form.q.data and find_form.validate():
        q = find_form.q.data
        found = db.session.scalars(
            select(User)
            .where(User.deleted_at.is_(None))
            .where(or_(User.email_key == email_key(q), User.display_name_key.contains(display_name_key(q),
                                                                                      autoescape=True)))
            .order_by(User.display_name_key)
            .limit(50)
        ).all()
    staff = db.session.scalars(
        select(User).where(User.role != Role.RESIDENT, User.deleted_at.is_(None)).order_by(User.role, User.id)
    ).all()
    return render_template(
        "accounts/roles.html", find_form=find_form, found=found, staff=staff, role_choices=ROLE_CHOICES
    )


@bp.post("/admin/roles/<int:user_id>")
@login_required
def set_role(user_id):
    require(can_manage_roles, current_user)
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose a role from the list."), "error")
        return redirect(url_for("accounts.roles"))
    if not perform(lambda: services.set_role(current_user, user, form.role.data)):
        return redirect(url_for("accounts.roles"))
    flash(_("%(name)s is now: %(role)s.", name=user.display_name, role=_role_label(user.role)), "success")
    return redirect(url_for("accounts.roles"))


def _role_label(role):
    labels = {
        Role.RESIDENT: _("Resident"),
        Role.TRANSLATOR: _("Translator"),
        Role.MODERATOR: _("Moderator"),
        Role.ADMINISTRATOR: _("Administrator"),
    }
    return labels[Role(role)]


@bp.app_context_processor
def _inject_role_label():
    return {"role_label": _role_label}

