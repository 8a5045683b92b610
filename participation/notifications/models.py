"""Tables of follows, notifications and email preferences."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import utcnow
from ..extensions import db

EMAIL_MODES = ("off", "immediate", "daily")


class Follow(db.Model):
    """A person follows a discussion thread (item or proposal) or a group."""

    __tablename__ = "follow"
    __table_args__ = (
        UniqueConstraint("user_id", "thread_id"),
        UniqueConstraint("user_id", "group_id"),
        CheckConstraint("(thread_id IS NULL) <> (group_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("discussion_thread.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood_group.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<Follow user={self.user_id} thread={self.thread_id} group={self.group_id}>"


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (
        CheckConstraint("email_status IN ('none', 'pending', 'sent')", name="email_status"),
        Index("ix_notification_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    # Names and ids needed to write the message in the reader's language later.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # 'pending' waits for the daily digest.
    email_status: Mapped[str] = mapped_column(String(10), default="none", index=True)

    user = relationship("User")

    def __repr__(self):
        return f"<Notification {self.id} {self.kind} user={self.user_id}>"


class NotificationPreference(db.Model):
    __tablename__ = "notification_preference"
    __table_args__ = (
        UniqueConstraint("user_id", "kind"),
        CheckConstraint("email_mode IN ('off', 'immediate', 'daily')", name="email_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    email_mode: Mapped[str] = mapped_column(String(10))

    def __repr__(self):
        return f"<NotificationPreference user={self.user_id} {self.kind}={self.email_mode}>"
