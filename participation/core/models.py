"""Column helpers shared by every feature's models."""
from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column


def utcnow():
    return datetime.now(UTC)


def as_utc(dt):
    """``dt`` with UTC as its time zone when it has none (SQLite returns naive datetimes)."""
    return dt.replace(tzinfo=UTC) if dt is not None and dt.tzinfo is None else dt


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, nullable=False
    )
