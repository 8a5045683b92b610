"""What goes wrong in moderation, and how to say it to the person in their language."""
from flask_babel import gettext as _


class ModerationError(Exception):
    """A rule was broken; ``message`` is shown to the person (already translated by the view)."""

    def __init__(self, code, **data):
        super().__init__(code)
        self.code = code
        self.data = data


def error_message(error):
    """The person's-language message for a ModerationError."""
    messages = {
        "cannot_report": _("Only residents with a confirmed email address who are not suspended can report."),
        "unknown_target": _("What you tried to report or moderate does not exist any more."),
        "own_content": _("You cannot report or moderate your own contributions."),
        "already_reported": _("You have already reported this. The moderators will look at it."),
        "note_too_long": _("The note is too long: at most %(max)d characters.", max=error.data.get("max", 1000)),
        "not_allowed": _("You are not allowed to do this."),
        "case_closed": _("This case has already been decided."),
        "claimed_by_other": _("Another moderator is working on this case."),
        "edit_empty": _("Write the text as it should be published."),
        "no_author": _("This content has no author to warn or suspend."),
        "cannot_suspend": _("You cannot suspend this account."),
        "bad_duration": _("Choose a suspension length from the list."),
        "already_hidden": _("This is already hidden."),
        "not_hidden": _("This is not hidden."),
        "cannot_appeal": _("This decision cannot be appealed, or it has been appealed already."),
        "appeal_empty": _("Explain why the decision should be reviewed."),
        "appeal_too_long": _("The appeal is too long: at most %(max)d characters.", max=error.data.get("max", 5000)),
        "already_appealed": _("This decision has been appealed already."),
        "cannot_decide_appeal": _("Another moderator must review this appeal."),
        "appeal_decided": _("This appeal has already been decided."),
        "phrase_invalid": _("Enter a word or phrase of at most 200 characters."),
        "phrase_exists": _("That phrase is already on the list."),
    }
    return messages.get(error.code, _("The action could not be completed."))
