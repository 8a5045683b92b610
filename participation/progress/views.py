"""Pages of the programme's progress: the overview, staff forms, documents and Atom feeds."""
from datetime import date

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.datastructures import FileStorage

from ..core import revisions
from ..core.i18n import current_language
from ..core.kept import section_cache
from ..core.limits import accept_files
from ..extensions import db
from ..permissions import can_update_progress, require
from ..programme import services as programme_services
from ..programme.open_data import OPEN_DATA
from . import bp, bulk, services
from .feeds import atom_body
from .forms import ProgressConfirmForm, ProgressImportForm, ProgressUpdateForm
from .statuses import list_statuses, status_by_key, status_label

MAX_DOCUMENTS = 3
CSV_MAX_BYTES = 2 * 1024 * 1024
STAFF_LINK = "<!--progress-staff-->"  # where the kept progress page gets the staff's own link


def _update_body_limit():
    return MAX_DOCUMENTS * services.max_document_bytes() + 256 * 1024


accept_files("progress.new_update", _update_body_limit, fields=("documents",))
accept_files("progress.import_csv", lambda: CSV_MAX_BYTES, fields=("file",))


def _kept(name, build):
    """What ``build()`` makes for this page, kept until the programme or its progress changes.

    Everything the progress pages and feeds show is read from rows that move the revision
    ``OPEN_DATA`` (``open_data.py`` names the progress models); the key holds the whole address
    (the feeds name themselves, a page's links keep its query) and the language.
    """
    key = ("progress", name, revisions.current(OPEN_DATA), current_language().code, request.url)
    return section_cache().get_or_render(key, build)  # the revision is read before what it is built from


def _overview_body():
    counts = services.status_counts()
    rollups = services.area_rollups()
    return render_template(
        "progress/_overview_body.html", rollup=services.programme_rollup(), counts=counts,
        total=sum(number for _status, number in counts), status_label=status_label,
        areas=[(area, count, rollups.get(area.id)) for area, count in programme_services.list_areas_with_counts()],
        updates=services.latest_updates(limit=20),
    )


@bp.get("/progress")
def overview():
    before, after = _kept("overview", _overview_body).split(STAFF_LINK, 1)
    return render_template("progress/overview.html", before_staff=Markup(before), after_staff=Markup(after))


def _feed(body):
    """An Atom response of ``body`` (None: no such area or item)."""
    return current_app.response_class(body, mimetype="application/atom+xml") if body is not None else abort(404)


@bp.get("/progress/feed.atom")
def feed():
    return _feed(_kept("feed", lambda: atom_body(_("Progress of the programme"), services.latest_updates(limit=50),
                                                 url_for("progress.overview", _external=True), "programme")))


def _area_feed(number):
    area = services.get_area(number)
    if area is None:
        return None
    return atom_body(_("Progress of area %(number)d", number=area.number), services.latest_updates(area=area, limit=50),
                     url_for("programme.area", number=area.number, _external=True), f"area-{area.number}")


@bp.get("/areas/<int:number>/progress.atom")
def area_feed(number):
    return _feed(_kept("area feed", lambda: _area_feed(number)))


def _item_feed(slug):
    item = programme_services.get_item_by_slug(slug)
    if item is None:
        return None
    updates = services.item_timeline(item.id)
    for update in updates:
        update.item = item
    return atom_body(_("Progress of item %(code)s", code=item.code), updates,
                     url_for("programme.item", slug=item.slug, _external=True), f"item-{item.id}")


@bp.get("/items/<slug>/progress.atom")
def item_feed(slug):
    return _feed(_kept("item feed", lambda: _item_feed(slug)))


def _update_form(item):
    form = ProgressUpdateForm()
    form.status.choices = [(status.key, status_label(status)) for status in list_statuses()]
    form.department.choices = [(0, _("The City (no single department)"))] + [
        (department.id, department.name) for department in item.departments]
    return form


@bp.route("/items/<slug>/progress/new", methods=["GET", "POST"])
@login_required
def new_update(slug):
    item = programme_services.get_item_by_slug(slug) or abort(404)
    require(can_update_progress, current_user)
    form = _update_form(item)
    current = services.current_progress(item.id)
    if request.method == "GET":
        form.published_on.data = date.today()
        if current is not None:
            form.status.data, form.progress.data, form.weight.data = current.status.key, current.progress, current.weight
        else:
            form.progress.data = 0
    if form.validate_on_submit():
        files = [upload for upload in (form.documents.data or []) if upload and upload.filename]
        departments = {department.id: department for department in item.departments}
        try:
            if len(files) > MAX_DOCUMENTS:
                raise services.ProgressError(_("At most %(number)d documents.", number=MAX_DOCUMENTS))
            services.publish_progress_update(
                current_user, item, status=status_by_key(form.status.data), progress=form.progress.data,
                text=form.text.data or "", language=current_language().code, published_on=form.published_on.data,
                links=(form.links.data or "").splitlines(), department=departments.get(form.department.data),
                documents=[(upload.filename, upload.read()) for upload in files], weight=form.weight.data,
            )
        except services.ProgressError as error:
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The progress update is published."), "success")
            return redirect(url_for("programme.item", slug=item.slug, _anchor="progress-title"))
    return render_template("progress/update_form.html", item=item, form=form, current=current,
                           max_mb=f"{services.max_document_bytes() / 1024 / 1024:.1f}")


@bp.get("/progress/documents/<int:document_id>")
def document(document_id):
    found = services.get_document(document_id) or abort(404)
    response = make_response(found.data)
    response.headers["Content-Type"] = found.content_type
    # Images may be shown in the browser; any other type is only downloaded.
    disposition = "inline" if found.content_type.startswith("image/") else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{found.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.route("/staff/progress/import", methods=["GET", "POST"])
@login_required
def import_csv():
    require(can_update_progress, current_user)
    form = ProgressImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if isinstance(upload, FileStorage) and upload.filename else (form.text.data or "")
        rows, errors = bulk.read_progress_csv(data)
        if errors:
            return render_template("progress/import.html", form=form, errors=errors)
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        confirm = ProgressConfirmForm(draft=bulk.draft_of(text, current_user))
        return render_template("progress/import_preview.html", rows=rows, confirm=confirm, status_label=status_label)
    return render_template("progress/import.html", form=form, errors=[])


@bp.post("/staff/progress/import/confirm")
@login_required
def confirm_import():
    require(can_update_progress, current_user)
    form = ProgressConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        text = bulk.read_draft(form.draft.data, current_user)
        updates = bulk.apply_progress_csv(current_user, text, current_language().code)
    except services.ProgressError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("progress.import_csv"))
    db.session.commit()
    flash(ngettext("%(num)d progress update is published.", "%(num)d progress updates are published.",
                   len(updates)), "success")
    return redirect(url_for("progress.overview"))
