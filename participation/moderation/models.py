"""Tables of moderation."""
import enum
from datetime import datetime

from sqlalchemy import (
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import utcnow
from ..core.roles import Role
from ..extensions import db


def _enum(cls, length=30):
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class ReportReason(enum.StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    ILLEGAL = "illegal"
    OTHER = "other"


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CaseOrigin(enum.StrEnum):
    REPORTS = "reports"
    PREMODERATION = "premoderation"
    BLOCKED_PHRASE = "blocked_phrase"
    STAFF = "staff"


class Action(enum.StrEnum):
    DISMISS = "dismiss"
    HIDE = "hide"
    RESTORE = "restore"
    EDIT = "edit"
    WARN = "warn"
    SUSPEND = "suspend"
    APPROVE = "approve"


class AppealStatus(enum.StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class ModerationCase(db.Model):
    """All reports and decisions about one target while it is under review.

    ``open_marker`` is 1 while the case is open and NULL afterwards: the
    unique constraint then allows one open case per target, any number of
    closed ones (NULLs never collide, on SQLite and PostgreSQL alike).
    """

    __tablename__ = "moderation_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), default=CaseStatus.OPEN, index=True)
    open_marker: Mapped[int | None] = mapped_column(Integer, default=1)
    origin: Mapped[CaseOrigin] = mapped_column(_enum(CaseOrigin), default=CaseOrigin.REPORTS)
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    auto_hidden: Mapped[bool] = mapped_column(default=False)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    reports: Mapped[list["Report"]] = relationship(back_populates="case", order_by="Report.created_at")
    decisions: Mapped[list["Decision"]] = relationship(back_populates="case", order_by="Decision.created_at")
    claimed_by = relationship("User", foreign_keys=[claimed_by_id])
    author = relationship("User", foreign_keys=[author_id])

    __table_args__ = (UniqueConstraint("target_type", "target_id", "open_marker"),)

    def __repr__(self):
        return f"<ModerationCase {self.id} {self.target_type}:{self.target_id} {self.status}>"


class Report(db.Model):
    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason))
    note: Mapped[str] = mapped_column(Text, default="")
    case_id: Mapped[int] = mapped_column(ForeignKey("moderation_case.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    outcome_notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[ModerationCase] = relationship(back_populates="reports")
    reporter = relationship("User", foreign_keys=[reporter_id])

    __table_args__ = (UniqueConstraint("reporter_id", "target_type", "target_id"),)

    def __repr__(self):
        return f"<Report {self.id} {self.target_type}:{self.target_id} {self.reason}>"


class Decision(db.Model):
    __tablename__ = "moderation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_case.id", ondelete="SET NULL"), index=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )  # whose content or account the decision is about
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[Action] = mapped_column(_enum(Action))
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason))
    note: Mapped[str] = mapped_column(Text, default="")
    suspension_days: Mapped[int | None] = mapped_column(Integer)  # 0 = permanent
    suspended_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    case: Mapped[ModerationCase | None] = relationship(back_populates="decisions")
    moderator = relationship("User", foreign_keys=[moderator_id])
    subject = relationship("User", foreign_keys=[subject_id])
    appeal: Mapped["Appeal | None"] = relationship(
        back_populates="decision", foreign_keys="Appeal.decision_id", uselist=False
    )

    @property
    def is_appealable(self):
        return self.action in (Action.HIDE, Action.EDIT, Action.WARN, Action.SUSPEND)

    def __repr__(self):
        return f"<Decision {self.id} {self.action} {self.target_type}:{self.target_id}>"


class Appeal(db.Model):
    __tablename__ = "appeal"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("moderation_decision.id", ondelete="CASCADE"), unique=True)
    appellant_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[AppealStatus] = mapped_column(_enum(AppealStatus), default=AppealStatus.PENDING, index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    result_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    decision: Mapped[Decision] = relationship(back_populates="appeal", foreign_keys=[decision_id])
    appellant = relationship("User", foreign_keys=[appellant_id])
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])

    def another_reviewer_exists(self):
        """Whether a moderator or administrator other than the appellant and the deciding moderator exists."""
        return bool(
            db.session.scalar(
                select(func.count()).where(
                    User.role.in_([Role.MODERATOR, Role.ADMINISTRATOR]),
                    User.deleted_at.is_(None),
                    User.id.not_in([self.decision.moderator_id or 0, self.appellant_id or 0]),
                )
            )
        )

    def __repr__(self):
        return f"<Appeal {self.id} on decision {self.decision_id} {self.status}>"


class BlockedPhrase(db.Model):
    """Words or phrases that send a contribution to review before publication."""

    __tablename__ = "blocked_phrase"

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(200), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<BlockedPhrase {self.phrase!r}>"


class SiteSetting(db.Model):
    """Staff-editable settings, one row per key."""

    __tablename__ = "site_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def __repr__(self):
        return f"<SiteSetting {self.key}={self.value!r}>"


class HiddenTarget(db.Model):
    """Hidden profiles and groups (comments and proposals carry their own status)."""

    __tablename__ = "hidden_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason))
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    pending_review: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (UniqueConstraint("target_type", "target_id"),)

    def __repr__(self):
        return f"<HiddenTarget {self.target_type}:{self.target_id}>"
