"""What translations hold about a person: the translations of programme content they made or reviewed.

Deleting the account keeps the translations (they are the city's content),
tied to an account that has no name, address or password any more.
"""
from sqlalchemy import or_, select

from ..accounts.personal_data import export_time, register_personal_data
from ..extensions import db
from .models import ContentTranslation


def export_translations(user):
    """Every translation of programme content ``user`` made (or last changed) or reviewed, oldest first."""
    translations = db.session.scalars(
        select(ContentTranslation).where(or_(ContentTranslation.translated_by_id == user.id,
                                             ContentTranslation.reviewed_by_id == user.id))
        .order_by(ContentTranslation.id)
    ).all()
    return [
        {
            "entity_type": translation.entity_type,
            "entity_id": translation.entity_id,
            "field": translation.field,
            "language": translation.language,
            "needs_review": translation.needs_review,
            "updated_at": export_time(translation.updated_at),
            "written_by_you": translation.translated_by_id == user.id,
            "reviewed_by_you_at": export_time(translation.reviewed_at) if translation.reviewed_by_id == user.id else None,
        }
        for translation in translations
    ]


register_personal_data("content_translations", export=export_translations)
