"""Tables of content translations."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import TimestampMixin
from ..extensions import db


class ContentTranslation(TimestampMixin, db.Model):
    """One field of one translatable entity (area, item, department, progress update) in one language.

    ``value`` has the shape of the original (a string, a list of
    paragraphs, or macro-action blocks); ``source_hash`` is the hash of the
    original it was translated from, so an edited original is noticed.
    ``translated_by`` is the person who wrote it on the site (None for shipped
    and automatic translations); ``reviewed_by``/``reviewed_at`` say that a
    person of the City has read it against the original: a shipped or automatic
    translation is shown as not yet reviewed until then.
    """

    __tablename__ = "content_translation"
    __table_args__ = (UniqueConstraint("entity_type", "entity_id", "field", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(8), index=True)
    value: Mapped[object] = mapped_column(JSON)
    # The clean HTML of ``value``, for kinds whose original is shown as HTML (a progress update's text),
    # made when the translation is saved; None for the others.
    value_html: Mapped[str | None] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(64))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    is_machine: Mapped[bool] = mapped_column(Boolean, default=False)
    translated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_reviewed(self):
        return self.reviewed_at is not None

    def __repr__(self):
        return f"<ContentTranslation {self.entity_type}:{self.entity_id}.{self.field} {self.language}>"


class MachineTranslation(TimestampMixin, db.Model):
    """A cached automatic translation of any text (comments, proposals...),
    keyed by the hash of the text and the language pair."""

    __tablename__ = "machine_translation"
    __table_args__ = (UniqueConstraint("source_hash", "source_language", "target_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(64))
    source_language: Mapped[str] = mapped_column(String(8))
    target_language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)

    def __repr__(self):
        return f"<MachineTranslation {self.source_language}->{self.target_language} {self.source_hash[:8]}>"
