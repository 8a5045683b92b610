"""Limits on sign-in attempts and registrations, counted in the database.

Every worker and every server reads and writes the same rows, and a lock
makes counting and recording one step, so the limits hold exactly however
many requests arrive at once.

Sign-in: three counters of *failed* attempts over 15 minutes:

- per address and account (5): stops one attacker guessing one resident's
  password, without touching the resident, who signs in from another address;
- per address (20): stops one attacker trying many accounts;
- per account from all addresses (50): stops a distributed attack on one
  account. It is the only counter an attacker can use to lock a resident
  out, and it needs many addresses; the window is short, so the resident can
  sign in again at most 15 minutes after the attack stops.

An attempt is recorded, and counts as failed, *before* its password is
checked, and stops counting only when the password proves right: so
attempts made at the same moment cannot slip past the limit, and a blocked
attempt is refused before its password is checked (a correct password
waits too). A successful sign-in also clears the counter of that address and
account (not the others: signing in to one's own account must not reset an
attacker's per-address count).

Registration: ten accepted registrations an hour per address. Only
registrations that get the "check your email" answer count (the same answer
whether or not the address already has an account), never a form refused
for a mistake, so a library or a community centre sharing one address is
not locked out by its residents' typos.

Addresses and accounts are stored as keyed digests, and each attempt
deletes the rows whose window has passed. ``ACCOUNT_LIMITS_CLOCK`` (a function returning
the current UTC time) replaces the clock, for tests.
"""
import hashlib
import hmac
import math
from datetime import timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import delete, select, text, update

from ..core.models import utcnow
from ..extensions import db
from .models import AcceptedRegistration, SignInAttempt

SIGN_IN_WINDOW = timedelta(minutes=15)
PER_ADDRESS_AND_ACCOUNT = 5
PER_ADDRESS = 20
PER_ACCOUNT = 50
REGISTRATION_WINDOW = timedelta(hours=1)
REGISTRATIONS_PER_ADDRESS = 10


class LimitReached(Exception):
    """A limit refuses the attempt for now; ``minutes`` says how long to wait."""

    def __init__(self, kind, minutes):
        super().__init__(kind)
        self.kind = kind
        self.minutes = minutes

    @property
    def message(self):
        if self.kind == "registration":
            return ngettext(
                "Too many accounts have been created from this connection in the last hour. "
                "What you typed is kept: try again in %(num)d minute.",
                "Too many accounts have been created from this connection in the last hour. "
                "What you typed is kept: try again in %(num)d minutes.", self.minutes)
        return ngettext("Too many failed sign-in attempts. Try again in %(num)d minute.",
                        "Too many failed sign-in attempts. Try again in %(num)d minutes.", self.minutes)


def now():
    """The current UTC time, from ``ACCOUNT_LIMITS_CLOCK`` when the app sets one."""
    clock = current_app.config.get("ACCOUNT_LIMITS_CLOCK") or utcnow
    return clock()


def _enabled():
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _digest(kind, value):
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, f"{kind}\x1f{value or ''}".encode(), hashlib.sha256).hexdigest()[:32]


def _lock_and_prune(model, time_column, window, at):
    """Take the lock that makes counting and recording one step, then drop rows past ``window``.

    PostgreSQL: a table lock that only writers of this table wait for (readers
    do not). SQLite: the database's write lock, which the first write of a
    request takes and keeps until it commits (``extensions._begin_sqlite``);
    the DELETE is that first write.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text(f"LOCK TABLE {model.__tablename__} IN SHARE ROW EXCLUSIVE MODE"))
    db.session.execute(delete(model).where(time_column < at - window))


def _wait(time_column, conditions, limit, window, at):
    """The time until fewer than ``limit`` rows matching ``conditions`` remain in the window (zero when
    already fewer): the ``limit``-th newest row must leave it."""
    cutoff = db.session.scalar(
        select(time_column).where(time_column >= at - window, *conditions)
        .order_by(time_column.desc()).offset(limit - 1).limit(1)
    )
    if cutoff is None:
        return timedelta(0)
    if cutoff.tzinfo is None:  # SQLite returns naive datetimes
        cutoff = cutoff.replace(tzinfo=at.tzinfo)
    return max(cutoff + window - at, timedelta(seconds=1))


def _minutes(wait):
    return max(1, math.ceil(wait.total_seconds() / 60))


def begin_sign_in(account_key, address):
    """Record a sign-in attempt for ``account_key`` from ``address`` before its password is checked.

    Returns the attempt, which counts as failed until ``record_success``; the
    caller commits it at once, so that every worker counts it. Raises
    LimitReached (recording nothing) when a limit is reached. Returns None
    when limits are off (``RATELIMIT_ENABLED``).
    """
    if not _enabled():
        return None
    at = now()
    address_digest, account_digest = _digest("address", address), _digest("account", account_key)
    _lock_and_prune(SignInAttempt, SignInAttempt.started_at, SIGN_IN_WINDOW, at)
    failed = SignInAttempt.succeeded.is_(False)
    counters = (
        ((SignInAttempt.address_digest == address_digest, SignInAttempt.account_digest == account_digest,
          SignInAttempt.pair_cleared.is_(False)), PER_ADDRESS_AND_ACCOUNT),
        ((SignInAttempt.address_digest == address_digest,), PER_ADDRESS),
        ((SignInAttempt.account_digest == account_digest,), PER_ACCOUNT),
    )
    wait = max(_wait(SignInAttempt.started_at, (failed, *conditions), limit, SIGN_IN_WINDOW, at)
               for conditions, limit in counters)
    if wait:
        raise LimitReached("sign_in", _minutes(wait))
    attempt = SignInAttempt(address_digest=address_digest, account_digest=account_digest, started_at=at,
                            succeeded=False, pair_cleared=False)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def record_success(attempt):
    """The password of ``attempt`` was right: it no longer counts, nor do the earlier failures of the
    same address and account (the other counters keep them)."""
    if attempt is None:
        return
    db.session.execute(update(SignInAttempt).where(SignInAttempt.id == attempt.id).values(succeeded=True))
    db.session.execute(
        update(SignInAttempt)
        .where(SignInAttempt.address_digest == attempt.address_digest,
               SignInAttempt.account_digest == attempt.account_digest)
        .values(pair_cleared=True)
    )


def count_registration(address):
    """Count one accepted registration from ``address``, in the caller's transaction.

    Raises LimitReached (counting nothing) when ten have been accepted from
    it in the last hour. Does nothing when limits are off.
    """
    if not _enabled():
        return
    at = now()
    address_digest = _digest("address", address)
    column = AcceptedRegistration.created_at
    _lock_and_prune(AcceptedRegistration, column, REGISTRATION_WINDOW, at)
    wait = _wait(column, (AcceptedRegistration.address_digest == address_digest,), REGISTRATIONS_PER_ADDRESS,
                 REGISTRATION_WINDOW, at)
    if wait:
        raise LimitReached("registration", _minutes(wait))
    db.session.add(AcceptedRegistration(address_digest=address_digest, created_at=at))
    db.session.flush()
