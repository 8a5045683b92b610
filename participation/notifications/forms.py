"""Forms of notification settings."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from .models import KINDS

MODE_CHOICES = [SelectChoice("immediate", _l("Email at once")), SelectChoice("daily", _l("Daily summary")),
                SelectChoice("off", _l("No email"))]
KIND_LABELS = {
    "reply": _l("Replies to my comments"),
    "followed_comment": _l("New comments on what I follow"),
    "proposal_status": _l("Status changes and official answers on proposals"),
    "group_decision": _l("Decisions on my group requests"),
    "moderation_decision": _l("Moderation decisions about my contributions or account, and answers to my appeals"),
    "report_outcome": _l("What was decided about content I reported"),
    "moderation_queue": _l("Work waiting for the moderators (staff only)"),
}


STAFF_KINDS = ("moderation_queue",)


def kinds_for(user):
    """The kinds of notification ``user`` can receive (staff kinds only for staff)."""
    return [kind for kind in KINDS if kind not in STAFF_KINDS or getattr(user, "is_staff", False)]


def preferences_form(modes, formdata=None, kinds=KINDS):
    """A form with one radio group per kind of notification, filled with ``modes``."""

    class PreferencesForm(FlaskForm):
        pass

    for kind in kinds:
        setattr(PreferencesForm, kind, RadioField(KIND_LABELS[kind], choices=MODE_CHOICES,
                                                  validators=[InputRequired()]))
    form = PreferencesForm(formdata=formdata, data=modes) if formdata is not None else PreferencesForm(data=modes)
    return form
