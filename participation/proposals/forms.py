"""Forms of proposals."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..core.i18n import LANGUAGES, current_language, lang_tag
from ..translations.services import show
from .models import MAX_BODY_LENGTH, MAX_TITLE_LENGTH


def _item_choices(items, language):
    """One choice per programme item, its title in ``language`` where translated; a title
    shown in Italian carries ``lang`` in its ``render_kw``."""
    choices = []
    for item in items:
        title = show(item, "title", language)
        attrs = {"lang": lang_tag(title.language)} if title.language != language else {}
        choices.append(SelectChoice(item.id, title.value, render_kw=attrs))
    return choices


class ItemChoiceField(SelectMultipleField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = []
            raise ValueError(_l("Choose programme items from the list.")) from None


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Give your proposal a title.")),
        Length(max=MAX_TITLE_LENGTH, message=_l("The title can be at most %(max)d characters long."))])
    body = TextAreaField(_l("Your proposal"), validators=[
        DataRequired(_l("Describe your proposal.")),
        Length(max=MAX_BODY_LENGTH, message=_l("The text can be at most %(max)d characters long."))])
    items = ItemChoiceField(_l("Programme items it relates to"), coerce=int, choices=[], validate_choice=False,
                            validators=[InputRequired(_l("Choose at least one programme item the proposal relates to."))])
    neighbourhood = SelectField(_l("Neighbourhood"), choices=[SelectChoice("", _l("Whole city"))], default="")
    group_id = SelectField(_l("Submit as"), choices=[SelectChoice("", _l("Myself"))], default="")
    language = SelectField(_l("Language of your proposal"),
                           choices=[SelectChoice(code, lang.native_name) for code, lang in LANGUAGES.items()],
                           validators=[InputRequired()])

    def set_choices(self, items, neighbourhoods, groups):
        self.items.choices = _item_choices(items, current_language().code)
        # "Whole city" once: the empty choice, never also the seeded whole-city neighbourhood.
        self.neighbourhood.choices = [SelectChoice("", _l("Whole city"))] + [
            SelectChoice(str(n.id), n.label) for n in neighbourhoods if not n.is_whole_city]
        self.group_id.choices = [SelectChoice("", _l("Myself"))] + [SelectChoice(str(g.id), g.name) for g in groups]

    def validate_items(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one programme item the proposal relates to."))
        known = {choice.value for choice in self.items.choices}
        if any(value not in known for value in field.data):
            raise ValidationError(_l("Choose programme items from the list."))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why do you withdraw the proposal?"), validators=[
        DataRequired(_l("Say why you withdraw the proposal.")), Length(max=2000)])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=[], validators=[InputRequired()])
    answer = TextAreaField(_l("Official answer"), validators=[Length(max=MAX_BODY_LENGTH)])

    def validate_answer(self, field):
        if self.status.data == "rejected" and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason for rejecting the proposal."))
