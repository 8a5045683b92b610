"""Forms of the City's answers."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from ..core.i18n import LANGUAGES
from ..discussion.models import MAX_COMMENT_LENGTH


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class MemberForm(FlaskForm):
    email = EmailField(_l("Email address of the person"), filters=[_strip],
                       validators=[DataRequired(_l("Write the email address of the person.")), Length(max=254)])


class AnswerForm(FlaskForm):
    department = SelectField(_l("Answer on behalf of"), coerce=int, validate_choice=True,
                             validators=[InputRequired(_l("Choose the department you answer for."))])
    body = TextAreaField(_l("The answer of the City"), validators=[
        DataRequired(_l("Write the answer before sending it.")),
        Length(max=MAX_COMMENT_LENGTH, message=_l("An answer can be at most %(max)d characters long.",
                                                  max=MAX_COMMENT_LENGTH))])
    language = SelectField(_l("Language of the answer"),
                           choices=[SelectChoice(code, lang.native_name) for code, lang in LANGUAGES.items()],
                           validators=[InputRequired()])

    def set_departments(self, departments):
        self.department.choices = [(d.id, d.name) for d in departments]
