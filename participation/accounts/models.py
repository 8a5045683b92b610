"""Tables of accounts."""
import enum
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, Enum, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import TimestampMixin
from ..extensions import db, login_manager


class Role(enum.StrEnum):
    RESIDENT = "resident"
    TRANSLATOR = "translator"
    MODERATOR = "moderator"
    ADMINISTRATOR = "administrator"


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(60), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(8), default="it")
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Role.RESIDENT,
    )
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    suspended_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    @property
    def is_suspended(self):
        from ..core.models import utcnow

        if self.suspended_until is None:
            return False
        until = self.suspended_until
        if until.tzinfo is None:  # SQLite returns naive datetimes

            until = until.replace(tzinfo=UTC)
        return until > utcnow()

    @property
    def is_staff(self):
        return self.role in (Role.MODERATOR, Role.ADMINISTRATOR)

    def get_id(self):
        # The session version makes old session and remember cookies useless
        # after logout, a password change or a suspension.
        return f"{self.id}:{self.session_version}"

    def __repr__(self):
        return f"<User {self.id} {self.display_name!r} {self.role}>"


@login_manager.user_loader
def load_user(user_id):
    user_pk, _, version = str(user_id).partition(":")
    if not user_pk.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_pk))
    if user is None or user.session_version != int(version) or user.deleted_at is not None:
        return None
    return user
