"""Forms of the discussion."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..core.i18n import LANGUAGES
from ..core.pagination import MAX_ID
from .models import MAX_COMMENT_LENGTH

POSITION_CHOICES = [SelectChoice("", _l("No position")), SelectChoice("for", _l("In favour")),
                    SelectChoice("against", _l("Against")), SelectChoice("neutral", _l("Neutral"))]


def _optional_int(value):
    """None when empty or not a number; 0 (no such row) when outside the database's ids."""
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else 0


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write a comment before sending it.")), Length(max=MAX_COMMENT_LENGTH, message=_l(
            "A comment can be at most %(max)d characters long.", max=MAX_COMMENT_LENGTH))],
    )
    language = SelectField(_l("Language of your comment"),
                           choices=[SelectChoice(code, lang.native_name) for code, lang in LANGUAGES.items()],
                           validators=[InputRequired()])
    position = RadioField(_l("Your position on this item"), choices=POSITION_CHOICES, default="",
                          validators=[Optional()])
    group_id = SelectField(_l("Write as"), choices=[SelectChoice("", _l("Myself"))], default="", validate_choice=True)
    official = BooleanField(_l("Official answer"))
    asks_answer = BooleanField(_l("I would like an answer from the City"))
    parent_id = HiddenField()

    def set_groups(self, groups):
        self.group_id.choices = [SelectChoice("", _l("Myself"))] + [SelectChoice(str(g.id), g.name) for g in groups]

    @property
    def parent_value(self):
        return _optional_int(self.parent_id.data)

    @property
    def group_value(self):
        return _optional_int(self.group_id.data)


class EditCommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write a comment before sending it.")), Length(max=MAX_COMMENT_LENGTH, message=_l(
            "A comment can be at most %(max)d characters long.", max=MAX_COMMENT_LENGTH))],
    )


class CloseThreadForm(FlaskForm):
    note = TextAreaField(_l("Closing note (shown at the top of the discussion)"),
                         validators=[Length(max=1000)])
