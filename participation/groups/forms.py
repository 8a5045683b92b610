"""Forms of neighbourhood groups. They validate and never persist."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..core.forms import ValidEmail, strip


class GroupForm(FlaskForm):
    name = StringField(
        _l("Name of the group"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the name of the group.")),
                    Length(min=3, max=80, message=_l("Use between 3 and 80 characters."))],
    )
    neighbourhood = SelectField(
        _l("Neighbourhood"), coerce=int, validators=[DataRequired(_l("Choose a neighbourhood."))]
    )
    description = TextAreaField(
        _l("What the group is about"),
        filters=[strip],
        validators=[DataRequired(_l("Describe the group in a few words.")),
                    Length(max=2000, message=_l("Use at most 2000 characters."))],
    )
    contact_email = EmailField(
        _l("Contact email address"),
        filters=[strip],
        validators=[Optional(), Length(max=254), ValidEmail()],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )

    def set_neighbourhoods(self, neighbourhoods):
        self.neighbourhood.choices = [SelectChoice(0, _l("Choose…"))] + [SelectChoice(n.id, n.label) for n in neighbourhoods]
        return self


class EditGroupForm(GroupForm):
    name = None  # the name, which makes the address of the page, does not change


class NeighbourhoodForm(FlaskForm):
    name = StringField(
        _l("Name of the neighbourhood"),
        filters=[strip],
        validators=[DataRequired(_l("Enter a name.")), Length(min=2, max=80,
                                                              message=_l("Use between 2 and 80 characters."))],
    )


class ActionForm(FlaskForm):
    """A button that posts (join, leave, accept ...): CSRF only."""
