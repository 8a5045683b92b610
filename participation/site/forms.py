"""Forms of the site's pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

MESSAGE_MAX = 5000


def _relative_address(form, field):
    value = (field.data or "").strip()
    if value and (not value.startswith("/") or value.startswith("//")):
        raise ValidationError(_l("Enter the address of a page of this site, starting with /, or leave it empty."))


class AccessibilityFeedbackForm(FlaskForm):
    message = TextAreaField(
        _l("What problem did you find?"),
        validators=[
            DataRequired(message=_l("Describe the problem you found.")),
            Length(max=MESSAGE_MAX, message=_l("Write at most %(max)d characters.")),
        ],
        description=_l("Tell us what you were trying to do and what did not work."),
    )
    page_url = StringField(
        _l("Address of the page"),
        validators=[Optional(), Length(max=500, message=_l("Write at most %(max)d characters.")), _relative_address],
        description=_l("For example /en/items/name-of-the-item"),
    )
    email = EmailField(
        _l("Your email address"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Write at most %(max)d characters.")),
            Email(message=_l("Enter an email address like name@example.org.")),
        ],
        description=_l("Only if you want an answer. We use it only to answer you."),
    )
