"""The opinion map of a discussion, as the background worker last computed it.

``OpinionMap.data`` is what anyone may see: groups, their sizes, anonymous
dots, representative and consensus comments with group aggregates. Who is in
which group is kept apart in ``OpinionMembership``, read only to tell a
signed-in resident their own group.
"""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import utcnow
from ..extensions import db


class OpinionMap(db.Model):
    __tablename__ = "opinion_map"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_thread.id", ondelete="CASCADE"), unique=True)
    # The thread's revision the map was computed from.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # ready: ``data`` holds the map; insufficient: too few participants yet (``data`` says how many).
    status: Mapped[str] = mapped_column(String(20), default="insufficient")
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    @property
    def is_ready(self):
        return self.status == "ready"

    def __repr__(self):
        return f"<OpinionMap thread={self.thread_id} revision={self.revision} {self.status}>"


class OpinionMembership(db.Model):
    """The group one participant fell in on the thread's latest map: shown to that person only."""

    __tablename__ = "opinion_membership"
    __table_args__ = (UniqueConstraint("thread_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_thread.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    group_label: Mapped[str] = mapped_column(String(1))

    def __repr__(self):
        return f"<OpinionMembership thread={self.thread_id} group={self.group_label}>"
