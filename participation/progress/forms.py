"""Forms of the programme's progress: one update, the weight, a CSV file."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import TextInput


class ProgressUpdateForm(FlaskForm):
    status = SelectField(_l("Status"), validators=[InputRequired()])
    progress = IntegerField(_l("Progress (percent, 0 to 100)"),
                            validators=[InputRequired(), NumberRange(min=0, max=100)])
    # A text box, not the browser's date picker: its day, month and year parts are separate tab stops
    # in Chromium, read differently in each language.
    published_on = DateField(_l("Date of the update"), widget=TextInput(), description=_l("For example 2026-03-31."),
                             validators=[InputRequired()])
    department = SelectField(_l("On behalf of"), coerce=int, validators=[Optional()])
    text = TextAreaField(_l("What has been done"), validators=[Optional()])
    links = TextAreaField(_l("Links"), description=_l("One web address a line."), validators=[Optional()])
    documents = MultipleFileField(_l("Documents"), description=_l("PDF, PNG or JPEG files."),
                                  validators=[Optional()])
    weight = IntegerField(_l("Weight in the averages"), description=_l("1 for most items; 0 leaves it out."),
                          validators=[Optional(), NumberRange(min=0, max=100)])


class ProgressImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[Optional()])
    text = TextAreaField(_l("Or paste the lines here"), validators=[Optional()])

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        upload = self.file.data
        if not (getattr(upload, "filename", None) or (self.text.data or "").strip()):
            self.file.errors.append(_l("Choose a CSV file or paste its lines."))
            return False
        return True


class ProgressConfirmForm(FlaskForm):
    draft = HiddenField()
