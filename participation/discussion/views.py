"""Discussion routes: post, reply, edit, delete, official answers, closing, permalinks."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.actions import perform
from ..core.i18n import current_language, preferred_language
from ..extensions import db
from ..permissions import (
    can_close_thread,
    can_comment,
    can_delete_comment,
    can_edit_comment,
    can_mark_official,
    can_see_comment_versions,
    require,
)
from . import bp, permalink_bp, services
from .forms import CloseThreadForm, CommentForm, EditCommentForm
from .group_link import groups_user_may_speak_for
from .models import Comment
from .reading import comment_location
from .thread_kinds import thread_of


def _comment_or_404(comment_id):
    return services.get_visible_comment(comment_id, current_user) or abort(404)


@bp.post("/discussions/<kind>/<int:target_id>/comments")
@login_required
def post_comment(kind, target_id):
    thread = thread_of(kind, target_id, create=True)
    back = services.thread_url(thread)
    form = CommentForm()
    form.set_groups(groups_user_may_speak_for(current_user))
    if kind != "item":
        del form.position
    valid = form.validate()
    parent = None
    if form.parent_value is not None:
        parent = db.session.get(Comment, form.parent_value)
        if parent is None:
            form.body.errors = [*form.body.errors, _("The comment you are replying to does not exist.")]
            valid = False
    posted = valid and perform(lambda: services.post_comment(
        current_user, thread, form.body.data, form.language.data,
        position=(form.position.data or None) if "position" in form else None,
        parent=parent, group_id=form.group_value, official=form.official.data,
        asks_answer=form.asks_answer.data,
    ), form, form.body)
    if posted:
        comment, created = posted.value
        if comment.is_pending:
            flash(_("Thank you. Your comment will be published once a moderator approves it."), "success")
        else:
            flash(_("Your comment is published.") if created else _("This comment was already published."),
                  "success")
        return redirect(url_for(".permalink", comment_id=comment.id))
    return render_template("discussion/comment_form.html", form=form, parent=parent,
                           kind=kind, target_id=target_id, back=back), 400


@bp.get("/comments/<int:comment_id>/reply")
@login_required
def reply(comment_id):
    """The reply form on a page of its own: where a comment's reply link leads without JavaScript."""
    parent = _comment_or_404(comment_id)
    if parent.status != "published" or parent.is_deleted or not services.thread_is_public(parent.thread):
        abort(404)
    require(can_comment, current_user, parent.thread)
    thread = parent.thread
    kind, target_id = ("item", thread.programme_item_id) if thread.kind == "item" else ("proposal", thread.proposal_id)
    form = CommentForm(formdata=None, parent_id=str(parent.id))
    form.language.data = current_language().code
    form.set_groups(groups_user_may_speak_for(current_user))
    del form.position
    return render_template("discussion/comment_form.html", form=form, parent=parent, kind=kind,
                           target_id=target_id, back=services.thread_url(thread))


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id):
    comment = _comment_or_404(comment_id)
    require(can_edit_comment, current_user, comment)
    form = EditCommentForm(obj=comment)
    if form.validate_on_submit() and perform(lambda: services.edit_comment(current_user, comment, form.body.data),
                                             form, form.body):
        flash(_("Your comment is updated."), "success")
        return redirect(url_for(".permalink", comment_id=comment.id))
    status = 400 if form.errors else 200
    return render_template("discussion/edit.html", form=form, comment=comment,
                           back=services.thread_url(comment.thread)), status


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete_comment(comment_id):
    comment = _comment_or_404(comment_id)
    require(can_delete_comment, current_user, comment)
    services.delete_comment(current_user, comment)
    db.session.commit()
    flash(_("Your comment is deleted."), "success")
    return redirect(url_for(".permalink", comment_id=comment.id))


@bp.post("/comments/<int:comment_id>/official")
@login_required
def mark_official(comment_id):
    comment = _comment_or_404(comment_id)
    require(can_mark_official, current_user)
    official = request.form.get("official") == "1"
    if perform(lambda: services.set_official(current_user, comment, official)):
        flash(_("Marked as official answer.") if official else _("No longer an official answer."), "success")
    return redirect(url_for(".permalink", comment_id=comment.id))


@bp.get("/comments/<int:comment_id>/versions")
@login_required
def comment_versions(comment_id):
    comment = _comment_or_404(comment_id)
    require(can_see_comment_versions, current_user)
    return render_template("discussion/versions.html", comment=comment, back=services.thread_url(comment.thread))


@bp.post("/discussions/<kind>/<int:target_id>/close")
@login_required
def close_thread(kind, target_id):
    require(can_close_thread, current_user)
    thread = thread_of(kind, target_id, create=True)
    form = CloseThreadForm()
    if not form.validate():
        flash(_("The closing note can be at most %(n)d characters long.", n=1000), "error")
        return redirect(services.thread_url(thread, _anchor="discussion"))
    services.close_thread(current_user, thread, form.note.data or "")
    db.session.commit()
    flash(_("The discussion is closed."), "success")
    return redirect(services.thread_url(thread, _anchor="discussion"))


@bp.post("/discussions/<kind>/<int:target_id>/reopen")
@login_required
def reopen_thread(kind, target_id):
    require(can_close_thread, current_user)
    thread = thread_of(kind, target_id, create=False) or abort(404)
    services.reopen_thread(current_user, thread)
    db.session.commit()
    flash(_("The discussion is open again."), "success")
    return redirect(services.thread_url(thread, _anchor="discussion"))


@bp.post("/discussions/<kind>/<int:target_id>/premoderation")
@login_required
def premoderation(kind, target_id):
    """Staff hold every new contribution of a thread for approval, or stop doing so."""
    require(can_close_thread, current_user)
    thread = thread_of(kind, target_id, create=True)
    enable = request.form.get("premoderated") == "1"
    services.set_premoderation(current_user, thread, enable)
    db.session.commit()
    flash(_("New comments here now wait for approval.") if enable else _("New comments here are published at once."),
          "success")
    return redirect(services.thread_url(thread, _anchor="discussion"))


@bp.get("/c/<int:comment_id>")
def permalink(comment_id):
    """A comment's lasting address: its thread's page that shows it, at its anchor."""
    comment = _comment_or_404(comment_id)
    if not services.thread_is_public(comment.thread):
        abort(404)
    page, conversation = comment_location(comment)
    params = {"_anchor": f"comment-{comment.id}"}
    if conversation is not None:
        params["conversation"] = conversation
    elif page > 1:
        params["page"] = page
    return redirect(services.thread_url(comment.thread, **params))


@permalink_bp.get("/c/<int:comment_id>")
def permalink_without_language(comment_id):
    return redirect(url_for("discussion.permalink", comment_id=comment_id, lang_code=preferred_language()))

