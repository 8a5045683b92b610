"""Home page and the platform's information pages, with the accessibility feedback."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.i18n import current_language
from ..core.pagination import page_arg
from ..extensions import db, limiter
from ..permissions import can_read_accessibility_feedback, require
from ..programme import services as programme_services
from ..progress import services as progress_services
from . import bp, services
from .forms import AccessibilityFeedbackForm
from .models import AccessibilityFeedback

# The facts of the accessibility statement, updated at each review.
ACCESSIBILITY_STATEMENT = {
    "conformance": "partial",  # "full" | "partial" | "none"
    "prepared_on": date(2026, 11, 24),
    "reviewed_on": date(2026, 11, 24),
}


@bp.get("/")
def home():
    return render_template(
        "site/home.html",
        programme=programme_services.get_programme(),
        areas=programme_services.list_areas_with_counts(),
        programme_progress=progress_services.programme_rollup(),
        area_progress=progress_services.area_rollups(),
    )


@bp.get("/terms")
def terms():
    return render_template("site/terms.html")


@bp.get("/privacy")
def privacy():
    return render_template("site/privacy.html")


@bp.get("/how-to-take-part")
def how_to_take_part():
    return render_template("site/how_to_take_part.html")


@bp.route("/accessibility", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def accessibility():
    form = AccessibilityFeedbackForm()
    if request.method == "GET" and not form.page_url.data:
        form.page_url.data = request.args.get("page", "")[:500]
    if form.validate_on_submit():
        services.record_accessibility_feedback(
            current_user,
            message=form.message.data,
            email=form.email.data,
            page_url=form.page_url.data,
            language=current_language().code,
        )
        db.session.commit()
        flash(_("Thank you. We have received your message and will answer within 30 days."), "success")
        return redirect(url_for("site.accessibility"))
    return render_template("site/accessibility.html", form=form, statement=ACCESSIBILITY_STATEMENT)


@bp.get("/admin/accessibility-feedback")
@login_required
def accessibility_feedback():
    require(can_read_accessibility_feedback, current_user)
    page = page_arg()
    return render_template(
        "site/accessibility_feedback.html", feedback=services.list_accessibility_feedback(page=max(page, 1))
    )


@bp.post("/admin/accessibility-feedback/<int:feedback_id>/handled")
@login_required
def mark_accessibility_feedback_handled(feedback_id):
    require(can_read_accessibility_feedback, current_user)
    feedback = db.get_or_404(AccessibilityFeedback, feedback_id)
    services.mark_accessibility_feedback_handled(current_user, feedback)
    db.session.commit()
    flash(_("The message is marked as handled."), "success")
    return redirect(url_for("site.accessibility_feedback"))
