"""Who works in which department: department staff answer for the items their department is responsible for.

Membership is data of its own, beside the account's role: a moderator or an
administrator may also belong to a department and keeps their role. The
features that let department staff act (the official answers of the
discussion, the department inbox) read a person's departments once per
request with ``member_department_ids``.
"""
from datetime import datetime

from flask import g, has_request_context
from sqlalchemy import DateTime, ForeignKey, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import utcnow
from ..extensions import db
from .models import Department, ItemDepartment


class DepartmentMember(db.Model):
    __tablename__ = "department_member"
    __table_args__ = (UniqueConstraint("user_id", "department_id", name="user_department"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])
    department: Mapped[Department] = relationship()

    def __repr__(self):
        return f"<DepartmentMember user={self.user_id} department={self.department_id}>"


def member_department_ids(user):
    """The ids of the departments ``user`` belongs to (a frozenset; empty for visitors), read once per request."""
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    if user_id is None:
        return frozenset()
    cache = g.setdefault("department_ids", {}) if has_request_context() else {}
    if user_id not in cache:
        cache[user_id] = frozenset(db.session.scalars(
            select(DepartmentMember.department_id).where(DepartmentMember.user_id == user_id)))
    return cache[user_id]


def forget_member_departments():
    """After a change of membership in this request."""
    if has_request_context():
        g.pop("department_ids", None)


def item_department_ids(item_id):
    """The ids of the departments responsible for programme item ``item_id`` (a frozenset)."""
    if item_id is None:
        return frozenset()
    return frozenset(db.session.scalars(
        select(ItemDepartment.department_id).where(ItemDepartment.item_id == item_id)))
