"""Tables of accounts."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Enum, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from ..core.models import TimestampMixin, as_utc, utcnow
from ..core.roles import Role
from ..extensions import db, login_manager
from .normalize import display_name_key, email_key


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
    # Comparison keys kept in step with email and display_name by the validators
    # below; their unique constraints make "Anna@x.org" and "anna@X.org" (or
    # "Anna" and "ANNA") one account in the database itself.
    email_key: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name_key: Mapped[str | None] = mapped_column(String(60), unique=True)
    terms_accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @validates("email")
    def _keep_email_key(self, _key, value):
        self.email_key = email_key(value)
        return value

    @validates("display_name")
    def _keep_display_name_key(self, _key, value):
        self.display_name_key = display_name_key(value)
        return value

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR

    @property
    def public_name(self):
        """The name shown beside contributions ("Deleted account" once erased)."""
        if self.is_deleted or not self.display_name:
            from flask_babel import gettext

            return gettext("Deleted account")
        return self.display_name

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    @property
    def is_suspended(self):
        return self.suspended_until is not None and as_utc(self.suspended_until) > utcnow()

    @property
    def is_staff(self):
        return self.role in (Role.MODERATOR, Role.ADMINISTRATOR)

    def end_sessions(self):
        """Make every existing session and remember cookie of this user useless."""
        self.session_version = User.session_version + 1

    def get_id(self):
        # The session version makes old session and remember cookies useless
        # after logout, a password change or a suspension.
        return f"{self.id}:{self.session_version}"

    def __repr__(self):
        return f"<User {self.id} {self.display_name!r} {self.role}>"


class SignInAttempt(db.Model):
    """One sign-in attempt, counted as failed until its password proves right (``throttle.py``).

    The address and the account are kept only as keyed digests, and only for
    the length of the limit's window.
    """

    __tablename__ = "sign_in_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_digest: Mapped[str] = mapped_column(String(32), index=True)
    account_digest: Mapped[str] = mapped_column(String(32), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set on the earlier failures of the same address and account once a sign-in succeeds.
    pair_cleared: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self):
        return f"<SignInAttempt {self.id} {self.started_at:%H:%M:%S} succeeded={self.succeeded}>"


class AcceptedRegistration(db.Model):
    """One registration the platform accepted from an address (``throttle.py``), kept for an hour."""

    __tablename__ = "accepted_registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_digest: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    def __repr__(self):
        return f"<AcceptedRegistration {self.id} {self.created_at:%H:%M:%S}>"


@login_manager.user_loader
def load_user(user_id):
    user_pk, _, version = str(user_id).partition(":")
    if not user_pk.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_pk))
    if user is None or user.session_version != int(version) or user.deleted_at is not None:
        return None
    return user
