"""Pages of accounts: registration, sign-in, links sent by mail, settings, profile, roles."""
import json

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..core.forms import safe_next_url
from ..core.i18n import LANGUAGES, current_language
from ..extensions import db, limiter
from ..permissions import can_manage_roles, require
from . import bp, services, throttle, tokens
from .forms import (
    ROLE_CHOICES,
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    EmailOnlyForm,
    FindUserForm,
    LoginForm,
    PreferencesForm,
    RegisterForm,
    ResetPasswordForm,
    RoleForm,
)
from .models import Role, User
from .normalize import display_name_key, email_key

MAIL_LIMIT = "10 per hour"


def _field_error(form, error):
    """Show a service's AccountError beside its field, or in the summary."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _token_problem(error):
    if error.expired:
        return _("This link has expired. Ask for a new one.")
    return _("This link is not valid or has already been used.")


# --- registration and verification ---


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.settings"))
    form = RegisterForm()
    if request.method == "GET":
        form.language.data = current_language().code
    if form.validate_on_submit():
        try:
            services.register_user(form.display_name.data, form.email.data, form.password.data, form.language.data)
            db.session.commit()
        except services.AccountError as error:
            db.session.rollback()
            _field_error(form, error)
        except IntegrityError:
            # Two submissions at once: the second hits the unique constraints and changes nothing.
            db.session.rollback()
            return redirect(url_for("accounts.check_email"))
        else:
            return redirect(url_for("accounts.check_email"))
    return render_template("accounts/register.html", form=form), 200 if not form.errors else 400


@bp.get("/register/check-email")
def check_email():
    return render_template("accounts/check_email.html")


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify(token):
    form = ConfirmForm()
    max_age = _config("EMAIL_VERIFICATION_MAX_AGE")
    try:
        payload = tokens.read_token(tokens.VERIFY_EMAIL, token, max_age)
        user = db.session.get(User, payload["u"])
        if user is None or user.is_deleted or payload.get("s") != tokens.state_for(tokens.VERIFY_EMAIL, user):
            raise tokens.TokenError()
    except tokens.TokenError as error:
        return render_template("accounts/link_problem.html", message=_token_problem(error)), 400
    if form.validate_on_submit():
        services.verify_email(token)
        db.session.commit()
        flash(_("Thank you: your email address is verified. You can now take part."), "success")
        if current_user.is_authenticated:
            return redirect(url_for("site.home"))
        return redirect(url_for("accounts.login"))
    return render_template("accounts/verify.html", form=form)


@bp.route("/verify/resend", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"])
def resend_verification():
    own = current_user.is_authenticated
    if own and current_user.is_verified:
        flash(_("Your email address is already verified."), "success")
        return redirect(url_for("accounts.settings"))
    form = ConfirmForm() if own else EmailOnlyForm()
    if form.validate_on_submit():
        user = current_user if own else services.find_user_by_email(form.email.data)
        if user is not None and not user.is_verified:
            services.send_verification(user)
            db.session.commit()
        flash(_("If an unverified account uses this address, we have sent it a new link. It is valid for 48 hours."),
              "success")
        return redirect(url_for("accounts.settings" if own else "accounts.login"))
    return render_template("accounts/resend.html", form=form, own=own), 200 if not form.errors else 400


# --- sign in and out ---


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    next_url = safe_next_url(request.args.get("next") or form.next.data)
    if request.method == "GET":
        form.next.data = next_url or ""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("site.home"))
    status = 200
    if form.validate_on_submit():
        key = email_key(form.email.data)
        wait = throttle.minutes_until_allowed(key)
        if wait:
            form.form_errors.append(ngettext(
                "Too many failed sign-in attempts. Try again in %(num)d minute.",
                "Too many failed sign-in attempts. Try again in %(num)d minutes.", wait))
            return render_template("accounts/login.html", form=form), 429
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            throttle.record_failure(key)
            db.session.rollback()
            form.form_errors.append(_("The email address or the password is not correct."))
        else:
            throttle.record_success(key)
            db.session.commit()
            session.clear()  # a new session on sign-in
            login_user(user, remember=form.remember.data)
            if not user.is_verified:
                flash(_("Welcome! Confirm your email address with the link we sent you to take part."), "success")
            return redirect(next_url or url_for("site.home"))
    if form.errors:
        status = 400
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # Ends this and every other copy of the session and remember cookies.
        services.end_all_sessions(current_user)
        db.session.commit()
        logout_user()
    session.clear()
    flash(_("You are signed out."), "success")
    return redirect(url_for("site.home"))


# --- forgotten password ---


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"])
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account uses this address, we have sent it a link to choose a new password. "
                "It is valid for one hour."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), 200 if not form.errors else 400


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        services.check_reset_token(token)
    except tokens.TokenError as error:
        return render_template("accounts/link_problem.html", message=_token_problem(error)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Your password has been changed and every session has been signed out. Sign in with it now."),
              "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), 200 if not form.errors else 400


# --- settings ---


def _settings_forms(**given):
    forms = {
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


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except services.AccountError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            user = current_user._get_current_object()
            db.session.commit()
            login_user(user)  # this device stays signed in with the new session version
            flash(_("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for("accounts.settings"))
    return _render_settings(400, password_form=form)


@bp.post("/account/email")
@login_required
def change_email():
    form = ChangeEmailForm(prefix="email")
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user, form.current_password.data, form.new_email.data)
        except services.AccountError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("We have sent a confirmation link to the new address. Your address changes when you follow it."),
                  "success")
            return redirect(url_for("accounts.settings"))
    return _render_settings(400, email_form=form)


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token):
    form = ConfirmForm()
    try:
        tokens_payload = tokens.read_token(tokens.CHANGE_EMAIL, token, _config("EMAIL_VERIFICATION_MAX_AGE"))
        new_email = tokens_payload.get("e")
    except tokens.TokenError as error:
        return render_template("accounts/link_problem.html", message=_token_problem(error)), 400
    if form.validate_on_submit():
        try:
            services.confirm_email_change(token)
            db.session.commit()
        except tokens.TokenError as error:
            db.session.rollback()
            return render_template("accounts/link_problem.html", message=_token_problem(error)), 400
        except (services.AccountError, IntegrityError):
            db.session.rollback()
            return render_template(
                "accounts/link_problem.html", message=_("This address is already used by another account.")
            ), 400
        flash(_("Your email address has been changed."), "success")
        return redirect(url_for("accounts.settings" if current_user.is_authenticated else "accounts.login"))
    return render_template("accounts/confirm_email.html", form=form, new_email=new_email)


@bp.get("/account/export")
@login_required
def export():
    data = services.export_user_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="partecipa-my-data-{current_user.id}.json"'},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user, form.password.data)
        except services.AccountError as error:
            db.session.rollback()
            _field_error(form, error)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your account has been deleted. Your contributions remain, shown as \"Deleted account\"."),
                  "success")
            return redirect(url_for("site.home"))
    return render_template("accounts/delete.html", form=form), 200 if not form.errors else 400


# --- public profile ---


@bp.get("/users/<int:user_id>")
def profile(user_id):
    from ..groups.services import public_groups_of

    user = db.get_or_404(User, user_id)
    if user.is_deleted:
        abort(404)
    return render_template(
        "accounts/profile.html",
        user=user,
        groups=public_groups_of(user),
        contributions=services.profile_contributions(user),
    )


# --- roles (administrators) ---


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
    try:
        services.set_role(current_user, user, form.role.data)
    except services.AccountError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("accounts.roles"))
    db.session.commit()
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


def _config(name):
    from flask import current_app

    return current_app.config[name]


@bp.app_context_processor
def _inject_role_label():
    return {"role_label": _role_label}

