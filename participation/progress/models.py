"""Tables of the programme's progress: statuses, each item's current state, the timeline of updates."""
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import utcnow
from ..extensions import db


class ProgressStatus(db.Model):
    """Where an item stands ("in progress"). Staff may add statuses; ``in_average`` False keeps the
    items in that status out of the progress averages (a dropped promise is not 0% of the work)."""

    __tablename__ = "progress_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(30), unique=True)
    label: Mapped[str] = mapped_column(String(100))  # in Italian
    # The label in other languages ({"en": "On hold"}), for statuses staff add; the five built-in
    # statuses take theirs from the interface's catalogues.
    labels: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    in_average: Mapped[bool] = mapped_column(Boolean, default=True)
    colour: Mapped[str] = mapped_column(String(7), default="#6b7280")

    def __repr__(self):
        return f"<ProgressStatus {self.key}>"


class ItemProgress(db.Model):
    """The current state of one programme item: the latest update's status and figure, and its weight."""

    __tablename__ = "item_progress"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint("weight >= 0", name="weight_positive"),
    )

    item_id: Mapped[int] = mapped_column(ForeignKey("programme_item.id", ondelete="CASCADE"), primary_key=True)
    status_id: Mapped[int] = mapped_column(ForeignKey("progress_status.id"), index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    status: Mapped[ProgressStatus] = relationship()

    def __repr__(self):
        return f"<ItemProgress item={self.item_id} {self.progress}%>"


class ProgressUpdate(db.Model):
    """One entry of an item's public timeline. Rows are only ever added: the history stays whole."""

    __tablename__ = "progress_update"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_progress_update_item_date", "item_id", "published_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("programme_item.id", ondelete="CASCADE"))
    published_on: Mapped[date] = mapped_column(Date)
    status_id: Mapped[int] = mapped_column(ForeignKey("progress_status.id"))
    progress: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8))
    links: Mapped[list] = mapped_column(JSON, default=list)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    status: Mapped[ProgressStatus] = relationship()
    item = relationship("ProgrammeItem")
    author = relationship("User")
    department = relationship("Department")
    documents: Mapped[list["ProgressDocument"]] = relationship(
        back_populates="update", cascade="all, delete-orphan", order_by="ProgressDocument.id")

    def __repr__(self):
        return f"<ProgressUpdate {self.id} item={self.item_id} {self.published_on}>"


class ProgressDocument(db.Model):
    """A document attached to an update (PDF, PNG or JPEG), kept in the database: backups and every
    server see it, and a clean clone needs no folder."""

    __tablename__ = "progress_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("progress_update.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)

    update: Mapped[ProgressUpdate] = relationship(back_populates="documents")

    def __repr__(self):
        return f"<ProgressDocument {self.id} {self.filename!r}>"
