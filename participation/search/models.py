"""The search index: one row per searchable thing, with what is needed to show and filter it.

The full-text structure that sits beside this table (an FTS5 table on SQLite,
a tsvector column with a GIN index on PostgreSQL) is made by
``schema.ensure_search_schema``: SQLAlchemy metadata cannot describe it.
"""
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import utcnow
from ..extensions import db


class SearchDocument(db.Model):
    __tablename__ = "search_document"
    # One document per thing and language: an original, and its translations.
    __table_args__ = (UniqueConstraint("kind", "target_id", "language", name="kind_target_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # a registered DocumentType's name
    target_id: Mapped[int] = mapped_column(Integer)
    # The thing a comment belongs to ("item:3", "proposal:7"), to re-index or drop
    # a thread's comments when its item or proposal changes.
    parent: Mapped[str | None] = mapped_column(String(30), index=True)
    # Area numbers as ",3,4," so that one LIKE filters by area on every database.
    area_numbers: Mapped[str] = mapped_column(String(100), default=",")
    # The language the title and body are written (and stemmed) in.
    language: Mapped[str] = mapped_column(String(8), default="it")
    # A translation of the document into ``language``: found by readers of that language only.
    is_translation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Display title (for a comment: the title of its item or proposal, not indexed).
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Item slug, for the address of an item's page.
    ref: Mapped[str] = mapped_column(String(100), default="")
    visible: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true(), index=True)
    # Accent-folded, lower-cased words, Snowball-stemmed in ``language``: what the full-text
    # structures index (SQLite's FTS5 table, PostgreSQL's tsvector).
    stemmed_title: Mapped[str] = mapped_column(Text, default="")
    stemmed_body: Mapped[str] = mapped_column(Text, default="")
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<SearchDocument {self.kind}:{self.target_id} visible={self.visible}>"
