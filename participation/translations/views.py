"""Translation screens for staff and translators, and automatic translation."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.i18n import LANGUAGES, current_language
from ..core.pagination import page_arg, paginate_list
from ..extensions import db, limiter, login_manager
from ..permissions import can_translate, require
from . import bp
from .forms import ContentTranslationForm
from .machine import (
    MachineTranslationError,
    machine_translate_entity,
    machine_translation_enabled,
    machine_translator,
)
from .services import (
    ORIGINAL,
    STATUSES,
    TARGET_LANGUAGES,
    TranslationError,
    clear_cache,
    entity_type_of,
    field_status,
    fields_of,
    find_translation,
    get_entity,
    save_entity_translations,
    show,
    source_language_of,
    target_languages_of,
)
from .status import count_statuses, narrowed, status_lines, translation_languages
from .translatable import TRANSLATABLES

# Entries per page of the status screen: each has a link per language, so a page stays usable
# with the keyboard and a screen reader.
STATUS_PAGE_SIZE = 50

STATUS_LABELS = {
    "missing": lambda: _("Missing"),
    "partial": lambda: _("Partial"),
    "needs_review": lambda: _("Needs review"),
    "unreviewed": lambda: _("Not yet reviewed"),
    "complete": lambda: _("Complete"),
}


# --- helpers for every page ----------------------------------------------------------

@bp.before_app_request
def _fresh_translation_cache():
    clear_cache()


@bp.app_template_global()
def tr(entity, field):
    """The content of ``entity.field`` in the page's language, or the original."""
    original = request.args.get("original") == "1"
    return show(entity, field, current_language().code, machine=not original, original=original)


@bp.app_template_global()
def lang_attrs(shown):
    return shown.attrs(current_language().code)


@bp.app_template_global()
def needs_translation(entity):
    """True when some field of ``entity`` is shown in the language of its original on this page,
    another than the page's."""
    code = current_language().code
    if code not in target_languages_of(entity):
        return False
    return any(show(entity, name, code).is_fallback for name in fields_of(entity_type_of(entity)))


@bp.app_template_global()
def url_with_original(show_original):
    """This page's address with (or without) ``original=1``."""
    args = {k: v for k, v in request.args.items() if k != "original"}
    if show_original:
        args["original"] = "1"
    return url_for(request.endpoint, **(request.view_args or {}), **args)


bp.add_app_template_global(machine_translation_enabled, "machine_translation_enabled")


def _page_of(entity_type, entity):
    return TRANSLATABLES[entity_type].page_url(entity)


# --- automatic translation -------------------------------------------------------------

MACHINE_ERRORS = {
    "timeout": lambda: _("The translation service did not answer in time. Please try again later."),
    "unavailable": lambda: _("The translation service is not available at the moment. Please try again later."),
    "refused": lambda: _("The translation service refused the request. Please try again later."),
    "invalid": lambda: _("The translation service gave an answer we could not read. Please try again later."),
}


@bp.post("/translations/<entity_type>/<int:entity_id>/automatic")
@limiter.limit("30 per hour")
def machine_translate(entity_type, entity_id):
    entity = get_entity(entity_type, entity_id) or abort(404)
    backend = machine_translator() or abort(404)
    language = current_language().code
    if language not in target_languages_of(entity):
        abort(404)
    try:
        machine_translate_entity(entity, language, backend)
        db.session.commit()
    except MachineTranslationError as error:
        db.session.rollback()
        flash(MACHINE_ERRORS[error.reason](), "error")
    except TranslationError:
        db.session.rollback()
        abort(400)
    return redirect(_page_of(entity_type, entity), code=303)


# --- admin screens -----------------------------------------------------------------------

def _require_translator():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require(can_translate, current_user)
    return None


@bp.get("/admin/translations")
def admin_list():
    denied = _require_translator()
    if denied is not None:
        return denied
    language = request.args.get("language", "")
    status = request.args.get("status", "")
    entity_type = request.args.get("type", "")
    status = status if status in STATUSES else ""
    entity_type = entity_type if entity_type in TRANSLATABLES else ""
    # The languages something can be translated into: Italian too once an original is written in another.
    every_line = status_lines(entity_type or None)
    more = translation_languages(every_line)
    targets = [code for code in LANGUAGES if code in TARGET_LANGUAGES or code in more]
    language = language if language in targets else ""
    lines = narrowed(every_line, language or None, status or None)
    listed = paginate_list(lines, page_arg(), STATUS_PAGE_SIZE)
    shown_languages = [language] if language else targets
    return render_template(
        "translations/admin_list.html",
        lines=listed.items,
        listed=listed,
        counts=count_statuses(every_line, shown_languages),
        languages=[LANGUAGES[code] for code in shown_languages],
        all_languages=[LANGUAGES[code] for code in targets],
        status_labels={key: label() for key, label in STATUS_LABELS.items()},
        original_status=ORIGINAL,
        entity_labels={name: str(kind.plural_label) for name, kind in TRANSLATABLES.items()},
        chosen={"language": language, "status": status, "type": entity_type},
    )


@bp.route("/admin/translations/<entity_type>/<int:entity_id>/<language>", methods=["GET", "POST"])
def admin_edit(entity_type, entity_id, language):
    entity = get_entity(entity_type, entity_id) or abort(404)
    if language not in target_languages_of(entity):
        abort(404)
    denied = _require_translator()
    if denied is not None:
        return denied
    names = fields_of(entity_type)
    form = ContentTranslationForm()
    if form.validate_on_submit():
        try:
            changed = save_entity_translations(entity, language, form.values(names), by=current_user)
        except TranslationError:
            db.session.rollback()
            abort(400)
        db.session.commit()
        if changed:
            flash(_("Translation saved."), "success")
        else:
            flash(_("Nothing changed."), "success")
        return redirect(url_for(".admin_edit", entity_type=entity_type, entity_id=entity_id, language=language), code=303)
    rows = {name: find_translation(entity_type, entity_id, name, language) for name in names}
    if not form.is_submitted():
        form.fill({name: row.value for name, row in rows.items() if row is not None})
    kind = TRANSLATABLES[entity_type]
    html_of = {name: kind.html_field(name) for name in names}
    return render_template(
        "translations/admin_edit.html",
        form=form,
        entity=entity,
        entity_type=entity_type,
        entity_label=TRANSLATABLES[entity_type].label(entity),
        names=names,
        target=LANGUAGES[language],
        states={name: field_status(entity, name, rows[name]) for name in names},
        rows=rows,
        page_url=_page_of(entity_type, entity),
        source=LANGUAGES.get(source_language_of(entity)) or LANGUAGES["it"],
        originals_html={name: getattr(entity, html[0]) for name, html in html_of.items() if html},
    )
