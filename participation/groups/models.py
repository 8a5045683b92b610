"""Tables of neighbourhood groups."""
import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import TimestampMixin, utcnow
from ..extensions import db


def _enum(cls, length=12):
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


WHOLE_CITY_NAME = "Tutta la città"
WHOLE_CITY_SLUG = "tutta-la-citta"


class Neighbourhood(db.Model):
    """A part of the city a group belongs to; the list is kept by staff."""

    __tablename__ = "neighbourhood"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_whole_city(self):
        """The seeded "Tutta la città": a group for the whole city; a proposal about it has no neighbourhood."""
        return self.slug == WHOLE_CITY_SLUG

    @property
    def label(self):
        """The name to show; "Whole city" is shown in the reader's language."""
        if self.is_whole_city:
            from flask_babel import gettext

            return gettext("Whole city")
        return self.name

    def __repr__(self):
        return f"<Neighbourhood {self.slug}>"


class MembershipRole(enum.StrEnum):
    MEMBER = "member"
    ADMIN = "admin"


class MembershipStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REFUSED = "refused"


class Group(TimestampMixin, db.Model):
    __tablename__ = "neighbourhood_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # Case-insensitive uniqueness of the name, like display names.
    name_key: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(90), unique=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="it")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    neighbourhood: Mapped[Neighbourhood] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    memberships: Mapped[list["GroupMembership"]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="GroupMembership.id"
    )

    @property
    def is_verified(self):
        return self.verified_at is not None

    def membership_of(self, user):
        """This group's membership row for ``user`` (any status), or None."""
        user_id = getattr(user, "id", None)
        if user_id is None:
            return None
        return next((m for m in self.memberships if m.user_id == user_id), None)

    @property
    def accepted_members(self):
        return [m for m in self.memberships if m.status == MembershipStatus.ACCEPTED]

    @property
    def pending_requests(self):
        return [m for m in self.memberships if m.status == MembershipStatus.PENDING]

    def __repr__(self):
        return f"<Group {self.slug}{' verified' if self.is_verified else ''}>"


class GroupMembership(db.Model):
    __tablename__ = "group_membership"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood_group.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[MembershipRole] = mapped_column(_enum(MembershipRole), default=MembershipRole.MEMBER)
    status: Mapped[MembershipStatus] = mapped_column(_enum(MembershipStatus), default=MembershipStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    group: Mapped[Group] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")

    @property
    def is_accepted(self):
        return self.status == MembershipStatus.ACCEPTED

    @property
    def is_admin(self):
        return self.is_accepted and self.role == MembershipRole.ADMIN

    def __repr__(self):
        return f"<GroupMembership group={self.group_id} user={self.user_id} {self.role} {self.status}>"
