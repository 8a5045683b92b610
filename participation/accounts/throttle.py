"""Limits on failed sign-ins, kept in Flask-Limiter's storage (memory or ``RATELIMIT_STORAGE_URI``).

Three counters of *failed* attempts, each over a short window:

- per address and account (5 in 15 minutes): stops one attacker guessing one
  resident's password, without touching the resident, who signs in from
  another address;
- per address (20 in 15 minutes): stops one attacker trying many accounts;
- per account from all addresses (50 in 15 minutes): stops a distributed
  attack on one account. It is the only counter an attacker can use to lock a
  resident out, and it needs many addresses; the window is short, so the
  resident can sign in again at most 15 minutes after the attack stops.

A blocked attempt is refused before the password is checked (otherwise the
limit would not stop guessing), and a successful sign-in clears the counter
of that address and account. The message tells the person how many minutes
to wait.
"""
import math
import time

from flask import current_app, request
from limits import parse

from ..extensions import limiter

PER_ADDRESS_AND_ACCOUNT = parse("5 per 15 minutes")
PER_ADDRESS = parse("20 per 15 minutes")
PER_ACCOUNT = parse("50 per 15 minutes")


def _enabled():
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _counters(account_key):
    address = request.remote_addr or "unknown"
    return (
        (PER_ADDRESS_AND_ACCOUNT, ("login-failures", "address-account", address, account_key)),
        (PER_ADDRESS, ("login-failures", "address", address)),
        (PER_ACCOUNT, ("login-failures", "account", account_key)),
    )


def minutes_until_allowed(account_key):
    """0 when a sign-in attempt for ``account_key`` may go ahead, else the minutes to wait."""
    if not _enabled():
        return 0
    wait = 0.0
    for item, identifiers in _counters(account_key):
        if not limiter.limiter.test(item, *identifiers):
            reset_at = limiter.limiter.get_window_stats(item, *identifiers).reset_time
            wait = max(wait, reset_at - time.time())
    return max(1, math.ceil(wait / 60)) if wait > 0 else 0


def record_failure(account_key):
    """Count one failed sign-in for this address and account."""
    if not _enabled():
        return
    for item, identifiers in _counters(account_key):
        limiter.limiter.hit(item, *identifiers)


def record_success(account_key):
    """A correct password clears the counter of this address-account pair (not the others:
    signing in to one's own account must not reset an attacker's per-address count)."""
    if not _enabled():
        return
    item, identifiers = _counters(account_key)[0]
    limiter.limiter.clear(item, *identifiers)
