"""Vote tables: one row per person and target, enforced by the database."""
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import utcnow
from ..extensions import db


class ItemSupport(db.Model):
    """"This matters to me" on a programme item."""

    __tablename__ = "item_support"
    __table_args__ = (UniqueConstraint("user_id", "programme_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    programme_item_id: Mapped[int] = mapped_column(ForeignKey("programme_item.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<ItemSupport user={self.user_id} item={self.programme_item_id}>"


class CommentVote(db.Model):
    """Up (+1) or down (-1) on a comment."""

    __tablename__ = "comment_vote"
    __table_args__ = (
        UniqueConstraint("user_id", "comment_id"),
        CheckConstraint("value IN (1, -1)", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<CommentVote user={self.user_id} comment={self.comment_id} {self.value:+d}>"


class ProposalSupport(db.Model):
    __tablename__ = "proposal_support"
    __table_args__ = (UniqueConstraint("user_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<ProposalSupport user={self.user_id} proposal={self.proposal_id}>"
