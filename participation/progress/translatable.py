"""Progress updates as translatable content: the text staff wrote, in the language they wrote it in."""
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core.sanitize import plain_text_to_html
from ..extensions import db
from ..translations.translatable import register_translatable
from .models import ProgressUpdate


def _updates_with_text():
    """Every update that has a text, item by item in the programme's order, oldest first."""
    return db.session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.text != "").options(joinedload(ProgressUpdate.item))
        .order_by(ProgressUpdate.item_id, ProgressUpdate.published_on, ProgressUpdate.id)
    ).all()


def _label(update):
    return f"{update.item.code} {update.item.title} · {update.published_on.isoformat()}"


def update_anchor(update):
    """The id of the update's entry on the item page's timeline."""
    return f"progress-update-{update.id}"


register_translatable(
    "progress_update",
    ProgressUpdate,
    ("text",),
    label=_label,
    plural_label=_l("Progress updates"),
    list_all=_updates_with_text,
    page_url=lambda update: url_for("programme.item", slug=update.item.slug, _anchor=update_anchor(update)),
    source_language=lambda update: update.language,
    # A translation is shown as the original is: plain text made into clean HTML when it is saved.
    html_fields=(("text", "text_html", plain_text_to_html),),
    loaded_whole=False,  # updates keep coming: pages read the translations of those they show
)
