"""Vote routes: plain form POSTs that answer JSON to scripts, and the Priorities page."""
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.pagination import id_arg
from ..extensions import db
from . import bp, services
from .labels import LABELS, comment_down_label, comment_up_label, item_support_label, proposal_support_label


@bp.app_context_processor
def inject_labels():
    return LABELS


def _wants_json():
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _refuse(message, back):
    if _wants_json():
        return jsonify({"error": message}), 403
    flash(message, "error")
    return redirect(back)


def _require_signed_in():
    if not current_user.is_authenticated:
        if _wants_json():
            abort(401)
        from ..extensions import login_manager

        return login_manager.unauthorized()
    return None


def _wanted_state(field, on, off):
    value = request.form.get(field)
    if value not in (on, off):
        abort(400)
    return value == on


def _support(target, back, record, label):
    """Support or withdraw support (items and proposals answer alike)."""
    refusal = _require_signed_in()
    if refusal is not None:
        return refusal
    wanted = _wanted_state("action", "support", "withdraw")
    try:
        count = record(current_user, target, support=wanted)
    except services.VoteError as error:
        db.session.rollback()
        return _refuse(error.message, back)
    db.session.commit()
    message = _("Your support is recorded.") if wanted else _("Your support is withdrawn.")
    if _wants_json():
        return jsonify({"count": count, "state": wanted, "label": label(count, wanted),
                        "message": message, "next_action": "withdraw" if wanted else "support"})
    flash(message, "success")
    return redirect(back)


@bp.post("/items/<slug>/support")
def support_item(slug):
    from ..programme.services import get_item_by_slug

    item = get_item_by_slug(slug) or abort(404)
    return _support(item, url_for("programme.item", slug=slug, _anchor="support"), services.support_item,
                    item_support_label)


@bp.post("/comments/<int:comment_id>/vote")
def vote_comment(comment_id):
    from ..discussion.services import get_visible_comment, thread_url

    comment = get_visible_comment(comment_id) or abort(404)
    if comment.status != "published":
        abort(404)  # hidden by the moderators: there is nothing to vote on
    back = thread_url(comment.thread, _anchor=f"comment-{comment.id}")
    refusal = _require_signed_in()
    if refusal is not None:
        return refusal
    value = {"up": 1, "down": -1, "none": 0}.get(request.form.get("value"))
    if value is None:
        abort(400)
    try:
        up, down, mine = services.vote_on_comment(current_user, comment, value)
    except services.VoteError as error:
        db.session.rollback()
        return _refuse(error.message, back)
    db.session.commit()
    message = {1: _("You found this comment useful."), -1: _("You found this comment not useful."),
               0: _("Your vote is withdrawn.")}[mine]
    if _wants_json():
        return jsonify({
            "up": up, "down": down, "state": mine, "message": message,
            "up_label": comment_up_label(up, mine == 1), "down_label": comment_down_label(down, mine == -1),
            "up_next": "none" if mine == 1 else "up", "down_next": "none" if mine == -1 else "down",
        })
    flash(message, "success")
    return redirect(back)


@bp.post("/proposals/<int:proposal_id>/support")
def support_proposal(proposal_id):
    from ..proposals.services import get_public_proposal

    proposal = get_public_proposal(proposal_id) or abort(404)
    return _support(proposal, url_for("proposals.detail", proposal_id=proposal.id, _anchor="support"),
                    services.support_proposal, proposal_support_label)


@bp.get("/priorities")
def priorities():
    from ..programme.services import list_areas_with_counts

    area = id_arg("area")
    areas = [a for a, _count in list_areas_with_counts()]
    if area is not None and area not in {a.number for a in areas}:
        area = None
    return render_template("votes/priorities.html", ranking=services.rank_items(area), areas=areas, area=area)

