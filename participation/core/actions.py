"""One action per request: run a service, commit once, or show why it was refused.

Services raise ``ActionRefused`` (or a feature's subclass of it) when a rule
refuses what the person asked; the message is written for that person, in
their language, and ``field`` may name the form field it is about. Views
call ``perform`` so that every refusal is handled the same way: nothing of
the action is kept (rollback) and the person is told why, on the form or as
a flashed message.
"""
from dataclasses import dataclass
from typing import Any

from flask import flash

from ..extensions import db


class ActionRefused(Exception):
    """A rule refused the action; ``message`` is shown to the person, ``field`` names the form field (or None)."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass
class Outcome:
    """What ``perform`` did: ``done`` (truthy) when the action committed, with the service's return ``value``."""

    done: bool
    value: Any = None

    def __bool__(self):
        return self.done


def perform(action, form=None, field=None):
    """Run ``action()`` (one service call) as the request's transaction.

    Commits and returns a truthy ``Outcome`` with the service's return value.
    When the service raises ``ActionRefused``, rolls back and shows the
    message: on ``form``'s field the refusal names (else on ``field``, else
    in the form's summary) when a form is given, flashed as an error
    otherwise; returns a falsy ``Outcome``.
    """
    try:
        value = action()
    except ActionRefused as refusal:
        db.session.rollback()
        if form is None:
            flash(str(refusal.message), "error")
        else:
            target = form[refusal.field] if refusal.field and refusal.field in form else field
            if target is None:
                form.form_errors.append(refusal.message)
            else:
                target.errors = [*target.errors, refusal.message]
        return Outcome(False)
    db.session.commit()
    return Outcome(True, value)
