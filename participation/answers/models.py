"""Tables of the City's answers: a request for an answer, its deadline and the answer that closed it."""
from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import as_utc, utcnow
from ..extensions import db

# Why a contribution waits for an answer.
REASONS = ("resident", "staff", "threshold")


class AnswerRequest(db.Model):
    """A top-level comment or a proposal the City must answer by ``due_at`` (end of a day in the City)."""

    __tablename__ = "answer_request"
    __table_args__ = (
        CheckConstraint("(comment_id IS NULL) <> (proposal_id IS NULL)", name="one_target"),
        CheckConstraint("reason IN ('resident', 'staff', 'threshold')", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), unique=True)
    # The thread that shows the request (its revision is raised when the request changes).
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("discussion_thread.id", ondelete="SET NULL"))
    # The item the question is about (a proposal's first item; None for a proposal about none).
    item_id: Mapped[int | None] = mapped_column(ForeignKey("programme_item.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(String(10))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    answer_comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"))
    answered_by_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True)
    # Reminders to the departments' staff, sent once each (answers/jobs.py).
    reminded_week_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_day_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the daily job saw it overdue and refreshed the pages that show it.
    overdue_noted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    departments: Mapped[list["AnswerRequestDepartment"]] = relationship(
        cascade="all, delete-orphan", order_by="AnswerRequestDepartment.position")
    comment = relationship("Comment", foreign_keys=[comment_id])
    proposal = relationship("Proposal")
    answering_department = relationship("Department")

    @property
    def is_answered(self):
        return self.answered_at is not None

    def is_overdue(self, now=None):
        """Not answered and past the end of its due day."""
        return self.answered_at is None and (now or utcnow()) > as_utc(self.due_at)

    @property
    def overdue_since(self):
        """The first moment it is late: the start of the day after its due day."""
        return as_utc(self.due_at) + timedelta(seconds=1)

    @property
    def answered_on_time(self):
        return self.answered_at is not None and as_utc(self.answered_at) <= as_utc(self.due_at)

    def status(self, now=None):
        """"open", "overdue", "answered" (on time) or "answered_late"."""
        return request_status(self.due_at, self.answered_at, now)

    def __repr__(self):
        return f"<AnswerRequest {self.id} comment={self.comment_id} proposal={self.proposal_id}>"


def request_status(due_at, answered_at, now=None):
    """"open", "overdue" (not answered past the end of its due day), "answered" (on time) or "answered_late"."""
    due_at = as_utc(due_at)
    if answered_at is not None:
        return "answered" if as_utc(answered_at) <= due_at else "answered_late"
    return "overdue" if (now or utcnow()) > due_at else "open"


class AnswerRequestDepartment(db.Model):
    """A department responsible for answering a request (those of its item, when it was asked)."""

    __tablename__ = "answer_request_department"

    request_id: Mapped[int] = mapped_column(ForeignKey("answer_request.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), primary_key=True,
                                               index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    department = relationship("Department")

    def __repr__(self):
        return f"<AnswerRequestDepartment request={self.request_id} department={self.department_id}>"
