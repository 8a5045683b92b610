"""Forms of moderation: they validate and never persist."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..core.forms import WholeNumberRange
from .cases import NOTE_MAX
from .labels import ACTION_LABELS, REASON_LABELS
from .models import Action


def reason_choices():
    return [(reason.value, label) for reason, label in REASON_LABELS.items()]


class ReportForm(FlaskForm):
    reason = RadioField(_l("Why are you reporting this?"), choices=reason_choices(),
                        validators=[InputRequired(message=_l("Choose a reason."))])
    note = TextAreaField(_l("Anything the moderators should know"),
                         validators=[Optional(), Length(max=NOTE_MAX, message=_l("At most %(max)d characters.", max=NOTE_MAX))])


SUSPENSION_LABELS = [
    ("1", _l("1 day")),
    ("3", _l("3 days")),
    ("7", _l("7 days")),
    ("30", _l("30 days")),
    ("0", _l("Permanently")),
]


class DecisionForm(FlaskForm):
    action = RadioField(
        _l("Decision"),
        choices=[(a.value, ACTION_LABELS[a]) for a in (Action.DISMISS, Action.APPROVE, Action.HIDE, Action.EDIT, Action.WARN, Action.SUSPEND)],
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    reason = SelectField(_l("Reason"), choices=reason_choices(), validators=[InputRequired(message=_l("Choose a reason."))])
    note = TextAreaField(_l("Explanation for the author"),
                         validators=[Optional(), Length(max=NOTE_MAX, message=_l("At most %(max)d characters.", max=NOTE_MAX))])
    suspension_days = SelectField(_l("Suspension length"), choices=SUSPENSION_LABELS, default="7")
    edited_text = TextAreaField(_l("Text with the personal data removed"),
                                validators=[Optional(), Length(max=10000, message=_l("At most %(max)d characters.", max=10000))])

    def validate_edited_text(self, field):
        from wtforms.validators import ValidationError

        if self.action.data == Action.EDIT.value and not (field.data or "").strip():
            raise ValidationError(_l("Write the text as it should be published."))


class DirectActionForm(FlaskForm):
    reason = SelectField(_l("Reason"), choices=reason_choices(), validators=[InputRequired(message=_l("Choose a reason."))])
    note = TextAreaField(_l("Explanation"),
                         validators=[Optional(), Length(max=NOTE_MAX, message=_l("At most %(max)d characters.", max=NOTE_MAX))])
    next = HiddenField()


class AppealForm(FlaskForm):
    text = TextAreaField(_l("Why should the decision be reviewed?"),
                         validators=[DataRequired(message=_l("Explain why the decision should be reviewed.")),
                                     Length(max=5000, message=_l("At most %(max)d characters.", max=5000))])


class AppealDecisionForm(FlaskForm):
    outcome = RadioField(_l("Result"), choices=[("uphold", _l("Confirm the decision")), ("overturn", _l("Reverse the decision"))],
                         validators=[InputRequired(message=_l("Choose a result."))])
    note = TextAreaField(_l("Explanation for the resident"),
                         validators=[Optional(), Length(max=NOTE_MAX, message=_l("At most %(max)d characters.", max=NOTE_MAX))])


class SettingsForm(FlaskForm):
    auto_hide_threshold = IntegerField(
        _l("Reports from different residents that hide content pending review"),
        validators=[InputRequired(message=_l("Enter a number.")), WholeNumberRange(min=1, max=100, message=_l("Enter a number from %(min)d to %(max)d.", min=1, max=100))],
    )
    premoderate_first_n = IntegerField(
        _l("Contributions of a new account held for approval (0: none)"),
        validators=[InputRequired(message=_l("Enter a number.")), WholeNumberRange(min=0, max=100, message=_l("Enter a number from %(min)d to %(max)d.", min=0, max=100))],
    )


class PhraseForm(FlaskForm):
    phrase = StringField(_l("Word or phrase"), validators=[DataRequired(message=_l("Enter a word or phrase.")),
                                                          Length(max=200, message=_l("At most %(max)d characters.", max=200))])
