"""Tables of the discussion: one thread per programme item or proposal, and its comments."""
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import utcnow
from ..extensions import db

MAX_COMMENT_LENGTH = 5000
POSITIONS = ("for", "against", "neutral")


class Thread(db.Model):
    """The discussion of one programme item (``kind='item'``) or one proposal."""

    __tablename__ = "discussion_thread"
    __table_args__ = (
        CheckConstraint("kind IN ('item', 'proposal')", name="kind"),
        CheckConstraint(
            "(kind = 'item' AND programme_item_id IS NOT NULL AND proposal_id IS NULL) OR "
            "(kind = 'proposal' AND proposal_id IS NOT NULL AND programme_item_id IS NULL)",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    programme_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_item.id", ondelete="CASCADE"), unique=True
    )
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), unique=True)
    # Counters, changed in SQL in the same transaction as the rows they count.
    comment_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    support_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    for_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    against_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    neutral_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    closing_note: Mapped[str] = mapped_column(Text, default="")
    # Staff can hold every new contribution of one thread for approval.
    premoderated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_activity_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Grows with every change to what the thread shows (revision.py); the
    # cache of rendered discussion pages is keyed on it.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    programme_item = relationship("ProgrammeItem")
    proposal = relationship("Proposal", back_populates="thread")

    @property
    def is_closed(self):
        return self.closed_at is not None

    def __repr__(self):
        return f"<Thread {self.id} {self.kind} item={self.programme_item_id} proposal={self.proposal_id}>"


class Comment(db.Model):
    __tablename__ = "comment"
    __table_args__ = (
        CheckConstraint("position IS NULL OR position IN ('for', 'against', 'neutral')", name="position"),
        Index("ix_comment_thread_root", "thread_id", "root_id"),
        # A reader's own comments in a thread (those awaiting approval, on every page they read).
        Index("ix_comment_thread_author", "thread_id", "author_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_thread.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood_group.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))
    # The top-level comment of this comment's conversation (itself for a top-level
    # comment), so a page loads every reply of its comments in one query.
    root_id: Mapped[int | None] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    position: Mapped[str | None] = mapped_column(String(10))
    # published | hidden (by the moderators: a placeholder keeps the replies' place)
    # | pending (held for approval: only its author sees it, as "awaiting approval")
    status: Mapped[str] = mapped_column(String(20), default="published", server_default="published")
    moderation_reason: Mapped[str | None] = mapped_column(String(30))
    moderator_edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_official: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The department an official answer speaks for (department staff answer on behalf of one).
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    up_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    down_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    thread: Mapped[Thread] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    parent: Mapped["Comment | None"] = relationship(remote_side=[id])
    versions: Mapped[list["CommentVersion"]] = relationship(
        back_populates="comment", order_by="CommentVersion.id", cascade="all, delete-orphan"
    )
    group = relationship("Group")
    department = relationship("Department")

    @classmethod
    def visible_filter(cls, viewer=None):
        """The one condition every listing uses: what ``viewer`` (None: the public) may see.

        A comment deleted by its author or hidden by the moderators stays as a
        placeholder so its replies keep their place; a comment held for
        approval is shown to its author only.
        """
        condition = cls.status.in_(("published", "hidden"))
        if getattr(viewer, "is_authenticated", False):
            condition = condition | ((cls.status == "pending") & (cls.author_id == viewer.id))
        return condition

    @property
    def is_hidden(self):
        return self.status == "hidden"

    @property
    def is_pending(self):
        return self.status == "pending"

    @classmethod
    def counted_filter(cls):
        """Comments that count in ``comment_count`` and position totals."""
        return (cls.status == "published") & cls.deleted_at.is_(None)

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def score(self):
        return self.up_count - self.down_count

    def __repr__(self):
        return f"<Comment {self.id} thread={self.thread_id} by={self.author_id}>"


class CommentVersion(db.Model):
    """An earlier text of an edited comment (moderators can read them)."""

    __tablename__ = "comment_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="versions")

    def __repr__(self):
        return f"<CommentVersion {self.id} of comment {self.comment_id}>"

