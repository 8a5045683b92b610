"""Pages of one's own account: settings, address and password changes, the data download,
deletion, and the public profile."""
import json

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..core.actions import perform
from ..core.i18n import LANGUAGES
from ..extensions import db
from . import address_change, bp, display_name, services
from .forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    DisplayNameForm,
    PreferencesForm,
)
from .models import User
from .personal_data import profile_summaries

# --- settings ---


def _settings_forms(**given):
    forms = {
        "name_form": DisplayNameForm(prefix="name", formdata=None, display_name=current_user.display_name),
        "preferences_form": PreferencesForm(prefix="prefs", formdata=None, language=current_user.language),
        "password_form": ChangePasswordForm(prefix="password", formdata=None),
        "email_form": ChangeEmailForm(prefix="email", formdata=None),
    }
    forms.update(given)
    return forms


def _render_settings(status=200, **given):
    return render_template("accounts/settings.html", **_settings_forms(**given)), status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    if request.method == "GET":
        return _render_settings()
    form = PreferencesForm(prefix="prefs")
    if not form.validate_on_submit():
        return _render_settings(400, preferences_form=form)
    services.update_preferences(current_user, form.language.data)
    db.session.commit()
    flash(_("Your preferences are saved."), "success")
    if form.language.data in LANGUAGES:
        return redirect(url_for("accounts.settings", lang_code=form.language.data))
    return redirect(url_for("accounts.settings"))


@bp.post("/account/name")
@login_required
def change_display_name():
    form = DisplayNameForm(prefix="name")
    if form.validate_on_submit():
        if perform(lambda: display_name.change_display_name(current_user, form.display_name.data), form):
            flash(_("Your display name is now %(name)s.", name=current_user.display_name), "success")
            return redirect(url_for("accounts.settings"))
    return _render_settings(400, name_form=form)


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if perform(lambda: services.change_password(user, form.current_password.data, form.new_password.data), form):
            login_user(user)  # this device stays signed in with the new session version
            flash(_("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for("accounts.settings"))
    return _render_settings(400, password_form=form)


@bp.post("/account/email")
@login_required
def change_email():
    form = ChangeEmailForm(prefix="email")
    if form.validate_on_submit():
        if perform(lambda: address_change.request_email_change(current_user, form.current_password.data,
                                                               form.new_email.data), form):
            flash(_("We have sent a confirmation link to the new address. Your address changes when you follow it."),
                  "success")
            return redirect(url_for("accounts.settings"))
    return _render_settings(400, email_form=form)



@bp.get("/account/export")
@login_required
def export():
    data = services.export_user_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="partecipa-my-data-{current_user.id}.json"',
            # Personal data: no shared or browser cache keeps a copy.
            "Cache-Control": "no-store",
        },
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if perform(lambda: services.delete_account(current_user, form.password.data), form):
            logout_user()
            session.clear()
            flash(_("Your account has been deleted. Your contributions remain, shown as \"Deleted account\"."),
                  "success")
            return redirect(url_for("site.home"))
    return render_template("accounts/delete.html", form=form), 200 if not form.errors else 400


# --- public profile ---


@bp.get("/users/<int:user_id>")
def profile(user_id):
    user = db.get_or_404(User, user_id)
    if user.is_deleted:
        abort(404)
    return render_template(
        "accounts/profile.html",
        user=user,
        personal_data_sections=profile_summaries(user),
        contributions=services.profile_contributions(user),
    )

