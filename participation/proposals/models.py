"""Tables of proposals."""
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import TimestampMixin, utcnow
from ..extensions import db

MAX_TITLE_LENGTH = 150
MAX_BODY_LENGTH = 10_000

STATUSES = (
    "draft",
    "published",
    "under_evaluation",
    "accepted",
    "rejected",
    "already_planned",
    "implemented",
    "withdrawn",
)
PUBLIC_STATUSES = tuple(s for s in STATUSES if s != "draft")
# Staff answers: which status may follow which.
TRANSITIONS = {
    "published": ("under_evaluation", "accepted", "rejected", "already_planned"),
    "under_evaluation": ("accepted", "rejected", "already_planned"),
    "accepted": ("implemented",),
}
REASON_REQUIRED = ("rejected",)


class Proposal(TimestampMixin, db.Model):
    __tablename__ = "proposal"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'published', 'under_evaluation', 'accepted', 'rejected', "
            "'already_planned', 'implemented', 'withdrawn')",
            name="status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood_group.id", ondelete="SET NULL"), index=True
    )
    # NULL means the whole city.
    neighbourhood_id: Mapped[int | None] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    # None: public; "pending": held for approval (its author sees it); "hidden" by the moderators.
    moderation_status: Mapped[str | None] = mapped_column(String(10), index=True)
    moderation_reason: Mapped[str | None] = mapped_column(String(30))
    moderator_edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answer: Mapped[str] = mapped_column(Text, default="")
    answer_html: Mapped[str] = mapped_column(Text, default="")
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    support_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    threshold_reached_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    item_links: Mapped[list["ProposalItem"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalItem.programme_item_id"
    )
    thread = relationship("Thread", back_populates="proposal", uselist=False)
    events: Mapped[list["ProposalEvent"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalEvent.id"
    )
    group = relationship("Group")
    neighbourhood = relationship("Neighbourhood")

    @property
    def items(self):
        return [link.item for link in self.item_links]

    @property
    def comment_count(self):
        return self.thread.comment_count if self.thread is not None else 0

    @property
    def is_public(self):
        return self.status != "draft"

    @property
    def is_about_whole_city(self):
        """No neighbourhood, or the seeded whole-city one (proposals saved before the form offered one choice)."""
        return self.neighbourhood is None or self.neighbourhood.is_whole_city

    @property
    def awaiting_answer(self):
        """Threshold reached and no answer yet."""
        return self.threshold_reached_at is not None and self.status in ("published", "under_evaluation")

    def __repr__(self):
        return f"<Proposal {self.id} {self.status} {self.title!r}>"


class ProposalItem(db.Model):
    __tablename__ = "proposal_item"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True)
    programme_item_id: Mapped[int] = mapped_column(
        ForeignKey("programme_item.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    proposal: Mapped[Proposal] = relationship(back_populates="item_links")
    item = relationship("ProgrammeItem")

    def __repr__(self):
        return f"<ProposalItem proposal={self.proposal_id} item={self.programme_item_id}>"


class ProposalEvent(db.Model):
    """One line of a proposal's public history."""

    __tablename__ = "proposal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # published, status, withdrawn, threshold
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    def __repr__(self):
        return f"<ProposalEvent {self.kind} proposal={self.proposal_id}>"
