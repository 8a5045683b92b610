"""Thin routes of moderation settings and the list of blocked phrases (staff)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import permissions
from ..extensions import db
from ..permissions import require
from . import bp
from .errors import ModerationError, error_message
from .forms import PhraseForm, SettingsForm
from .models import BlockedPhrase
from .screening import add_blocked_phrase, remove_blocked_phrase
from .settings import change_setting, get_setting


@bp.route("/moderation/settings", methods=["GET", "POST"])
@login_required
def settings():
    require(permissions.can_moderate, current_user)
    form = SettingsForm(
        data={"auto_hide_threshold": get_setting("auto_hide_threshold"), "premoderate_first_n": get_setting("premoderate_first_n")}
        if request.method == "GET" else None
    )
    phrase_form = PhraseForm(prefix="phrase")
    if request.method == "POST" and form.validate_on_submit():
        change_setting(current_user, "auto_hide_threshold", form.auto_hide_threshold.data)
        change_setting(current_user, "premoderate_first_n", form.premoderate_first_n.data)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for(".settings"))
    phrases = db.session.scalars(select(BlockedPhrase).order_by(BlockedPhrase.phrase)).all()
    return render_template("moderation/settings.html", form=form, phrase_form=phrase_form, phrases=phrases), (
        400 if form.errors else 200
    )


@bp.post("/moderation/phrases")
@login_required
def add_phrase():
    require(permissions.can_moderate, current_user)
    form = PhraseForm(prefix="phrase")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for(".settings"))
    try:
        add_blocked_phrase(current_user, form.phrase.data)
    except ModerationError as error:
        db.session.rollback()
        flash(error_message(error), "error")
    else:
        db.session.commit()
        flash(_("Phrase added: matching contributions will wait for review."), "success")
    return redirect(url_for(".settings"))


@bp.post("/moderation/phrases/<int:phrase_id>/delete")
@login_required
def remove_phrase(phrase_id):
    require(permissions.can_moderate, current_user)
    phrase = db.get_or_404(BlockedPhrase, phrase_id)
    remove_blocked_phrase(current_user, phrase)
    db.session.commit()
    flash(_("Phrase removed."), "success")
    return redirect(url_for(".settings"))
