"""Forms of accounts. They validate and never persist."""
import re
import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..core.forms import ValidEmail, strip
from ..core.i18n import LANGUAGES
from .normalize import impersonates_staff
from .passwords import MAX_LENGTH, password_problem

DISPLAY_NAME_MAX = 60


def _language_choices():
    return [SelectChoice(code, language.native_name) for code, language in LANGUAGES.items()]


def acceptable_password(form, field):
    """Validator: the password policy (length 10-256, not a common password)."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def acceptable_display_name(form, field):
    """Validator: letters, digits, spaces and . ' - _ only, and no staff-like name."""
    name = field.data or ""
    if any(unicodedata.category(ch)[0] not in "LNZM" and ch not in ".'’-_" for ch in name):
        raise ValidationError(_l("Use only letters, digits, spaces and the signs . ' - _"))
    if not re.search(r"\w", name):
        raise ValidationError(_l("Use at least one letter or digit."))
    if impersonates_staff(name):
        raise ValidationError(_l("This name could be mistaken for the City or the platform's staff. Choose another."))


def _email_field(label):
    return EmailField(
        label,
        filters=[strip],
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254), ValidEmail()],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _new_password_field(label):
    return PasswordField(
        label,
        validators=[InputRequired(_l("Enter a password.")), acceptable_password],
        render_kw={"autocomplete": "new-password", "minlength": 10, "maxlength": MAX_LENGTH},
    )


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Display name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter a display name.")),
            Length(min=2, max=DISPLAY_NAME_MAX, message=_l("Use between 2 and 60 characters.")),
            acceptable_display_name,
        ],
        render_kw={"autocomplete": "nickname"},
    )
    email = _email_field(_l("Email address"))
    password = _new_password_field(_l("Password"))
    language = SelectField(_l("Preferred language"), choices=_language_choices, validators=[DataRequired()])
    accept_terms = BooleanField(
        _l("I accept the terms of use and have read the privacy notice"),
        validators=[DataRequired(_l("Accept the terms of use to create an account."))],
    )


class LoginForm(FlaskForm):
    email = _email_field(_l("Email address"))
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class EmailOnlyForm(FlaskForm):
    """Forgotten password and "send the link again"."""

    email = _email_field(_l("Email address"))


class ConfirmForm(FlaskForm):
    """A single button (confirming an address): CSRF only."""


class ResetPasswordForm(FlaskForm):
    password = _new_password_field(_l("New password"))


class PreferencesForm(FlaskForm):
    language = SelectField(_l("Preferred language"), choices=_language_choices, validators=[DataRequired()])


class DisplayNameForm(FlaskForm):
    """The display name changed in the settings: the very field of registration, with its rules."""

    display_name = RegisterForm.display_name


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field(_l("New password"))


class ChangeEmailForm(FlaskForm):
    new_email = _email_field(_l("New email address"))
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password to confirm.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


ROLE_CHOICES = [
    SelectChoice("resident", _l("Resident")),
    SelectChoice("translator", _l("Translator")),
    SelectChoice("moderator", _l("Moderator")),
]


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()])


class FindUserForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Display name or email address"), filters=[strip], validators=[Length(max=254)])
