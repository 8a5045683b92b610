"""Pages of registration and sign-in, and of the links sent by mail
(address verification, password reset, address change and undoing it)."""
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from ..core.actions import perform
from ..core.forms import safe_next_url
from ..core.i18n import current_language
from ..extensions import db, limiter
from . import address_change, bp, services, throttle, tokens
from .forms import ConfirmForm, EmailOnlyForm, LoginForm, RegisterForm, ResetPasswordForm
from .models import User
from .normalize import email_key

MAIL_LIMIT = "10 per hour"


def _token_problem(error):
    if error.expired:
        return _("This link has expired. Ask for a new one.")
    return _("This link is not valid or has already been used.")


def _config(name):
    return current_app.config[name]


# --- registration and verification ---


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.settings"))
    form = RegisterForm()
    if request.method == "GET":
        form.language.data = current_language().code
    status = 200
    if form.validate_on_submit():
        try:
            registered = perform(lambda: services.register_user(
                form.display_name.data, form.email.data, form.password.data, form.language.data,
                from_address=request.remote_addr or "unknown"), form)
        except throttle.LimitReached as limit:
            # Nothing is kept, and the form comes back as typed (passwords are never sent back).
            db.session.rollback()
            form.form_errors.append(limit.message)
            status = 429
        except IntegrityError:
            # Two submissions at once: the second hits the unique constraints and changes nothing.
            db.session.rollback()
            return redirect(url_for("accounts.check_email"))
        else:
            if registered:
                return redirect(url_for("accounts.check_email"))
    if status == 200 and form.errors:
        status = 400
    return render_template("accounts/register.html", form=form), status


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
        try:
            attempt = throttle.begin_sign_in(email_key(form.email.data), request.remote_addr or "unknown")
        except throttle.LimitReached as limit:
            db.session.rollback()
            form.form_errors.append(limit.message)
            return render_template("accounts/login.html", form=form), 429
        db.session.commit()  # every worker counts the attempt as failed before its password is checked
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.rollback()
            form.form_errors.append(_("The email address or the password is not correct."))
        else:
            throttle.record_success(attempt)
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


# --- change of address ---


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
            address_change.confirm_email_change(token)
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


@bp.route("/account/email/restore/<token>", methods=["GET", "POST"])
def restore_email(token):
    try:
        old_email = address_change.check_restore_token(token)[1]
    except tokens.TokenError as error:
        return render_template("accounts/link_problem.html", message=_token_problem(error)), 400
    except services.AccountError as error:
        return render_template("accounts/link_problem.html", message=error.message), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            address_change.restore_email(token, form.password.data)
            db.session.commit()
        except (tokens.TokenError, services.AccountError, IntegrityError):
            # The address was taken by another account, or the link used, in the meantime.
            db.session.rollback()
            return render_template(
                "accounts/link_problem.html", message=_("This link is not valid or has already been used.")
            ), 400
        logout_user()
        session.clear()
        flash(_("Your previous email address is back, your new password is saved and every session has been "
                "signed out. Sign in with them now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/restore_email.html", form=form, old_email=old_email), 200 if not form.errors else 400
