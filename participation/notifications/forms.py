"""Forms of notification settings."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from .kinds import NOTIFICATION_KINDS

MODE_CHOICES = [SelectChoice("immediate", _l("Email at once")), SelectChoice("daily", _l("Daily summary")),
                SelectChoice("off", _l("No email"))]


def kinds_for(user):
    """The kinds of notification ``user`` can receive (staff kinds only for staff, and kinds that say
    whom they are for only for those)."""
    return [name for name, kind in NOTIFICATION_KINDS.items() if _offered(kind, user)]


def _offered(kind, user):
    if kind.offered_to is not None:
        return kind.offered_to(user)
    return not kind.staff_only or getattr(user, "is_staff", False)


def preferences_form(modes, formdata=None, kinds=None):
    """A form with one radio group per kind of notification (by default every kind), filled with ``modes``."""

    class PreferencesForm(FlaskForm):
        pass

    for name in NOTIFICATION_KINDS if kinds is None else kinds:
        setattr(PreferencesForm, name, RadioField(NOTIFICATION_KINDS[name].label, choices=MODE_CHOICES,
                                                  validators=[InputRequired()]))
    form = PreferencesForm(formdata=formdata, data=modes) if formdata is not None else PreferencesForm(data=modes)
    return form
