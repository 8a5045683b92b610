"""Notification pages: the list, email settings, unsubscribe, follow and unfollow."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.forms import safe_next_url
from ..core.i18n import current_language
from ..core.pagination import page_arg
from ..extensions import csrf, db
from ..permissions import can_follow, require
from . import bp, services
from .actors import actor_names
from .email import ALL_KINDS, describe, kind_label, notification_link, read_unsubscribe_token
from .follow_targets import get_follow_target
from .forms import kinds_for, preferences_form
from .kinds import kind_names


@bp.app_context_processor
def inject_unread_count():
    def unread_notifications():
        if not getattr(current_user, "is_authenticated", False):
            return 0
        return services.unread_count(current_user)

    return {"unread_notifications": unread_notifications}


@bp.get("/notifications")
@login_required
def index():
    page = page_arg()
    notifications, pages = services.list_notifications(current_user, page)
    language = current_language().code
    names = actor_names(notifications)
    entries = [(n, describe(n, names), notification_link(n, language)) for n in notifications]
    return render_template("notifications/index.html", entries=entries, page=page, pages=pages)


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id):
    if not services.mark_read(current_user, notification_id):
        abort(404)
    db.session.commit()
    return redirect(url_for(".index"))


@bp.post("/notifications/<int:notification_id>/open")
@login_required
def open_notification(notification_id):
    """Opening a notification from the list: it is read from now on, and the reader goes to its page.

    A POST (a button in the list), since it changes the notification: no GET changes anything.
    """
    notification = services.open_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    db.session.commit()
    return redirect(safe_next_url(notification_link(notification, current_language().code)) or url_for(".index"))


@bp.post("/notifications/read-all")
@login_required
def mark_all_read():
    count = services.mark_read(current_user)
    db.session.commit()
    flash(_("All notifications are marked as read.") if count else _("There was nothing unread."), "success")
    return redirect(url_for(".index"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    modes = services.email_modes(current_user)
    kinds = kinds_for(current_user)
    form = preferences_form(modes, formdata=request.form if request.method == "POST" else None, kinds=kinds)
    if request.method == "POST" and form.validate():
        services.set_email_modes(current_user, {kind: form[kind].data for kind in kinds})
        db.session.commit()
        flash(_("Your email settings are saved."), "success")
        return redirect(url_for(".settings"))
    return render_template("notifications/settings.html", form=form, kinds=kinds), (400 if form.errors else 200)


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authorisation; mail clients post here (RFC 8058)
def unsubscribe(token):
    parsed = read_unsubscribe_token(token)
    if parsed is None:
        abort(404)
    user_id, kind = parsed
    from ..accounts.models import User

    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        abort(404)
    if request.method == "POST":
        services.set_email_modes(user, dict.fromkeys(kind_names() if kind == ALL_KINDS else (kind,), "off"))
        db.session.commit()
        if request.form.get("List-Unsubscribe") == "One-Click":
            return "", 204
        return render_template("notifications/unsubscribed.html", kind_label=kind_label(kind))
    return render_template("notifications/unsubscribe.html", kind_label=kind_label(kind), token=token)


def _followable_or_404(target_name, target_id):
    target = get_follow_target(target_name)
    followable = target.load(target_id) if target is not None else None
    if followable is None:
        abort(404)
    return target, followable


def _back(default):
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


@bp.post("/follow/thread/<int:thread_id>")
@login_required
def follow_thread(thread_id):
    target, thread = _followable_or_404("thread", thread_id)
    require(can_follow, current_user)
    if request.form.get("action") == "unfollow":
        services.unfollow_thread(current_user, thread)
        message = _("You no longer follow this discussion.")
    else:
        services.follow_thread(current_user, thread)
        message = _("You follow this discussion: you will be notified of new comments.")
    db.session.commit()
    flash(message, "success")
    return _back(target.back_url(thread))


@bp.post("/follow/group/<int:group_id>")
@login_required
def follow_group(group_id):
    target, group = _followable_or_404("group", group_id)
    require(can_follow, current_user)
    if request.form.get("action") == "unfollow":
        services.unfollow_group(current_user, group_id)
        message = _("You no longer follow this group.")
    else:
        services.follow_group(current_user, group_id)
        message = _("You follow this group.")
    db.session.commit()
    flash(message, "success")
    return _back(target.back_url(group))
