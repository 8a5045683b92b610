"""Screening new contributions: blocked phrases, and holding contributions for review before publication.

Every function takes the acting user explicitly, flushes and never commits.
"""
import re
import unicodedata

from sqlalchemy import func, select

from .. import permissions
from ..audit.services import record_audit
from ..extensions import db
from . import notify
from .cases import load_target, open_case
from .errors import ModerationError
from .models import BlockedPhrase, CaseOrigin
from .settings import get_setting
from .targets import target_types


def _fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def matching_phrase(text):
    """The first staff-listed phrase found in ``text`` (case and accents ignored), or None."""
    folded = " ".join(_fold(text).split())
    for phrase in db.session.scalars(select(BlockedPhrase.phrase)):
        pattern = r"(?<!\w)" + re.escape(_fold(phrase)) + r"(?!\w)"
        if re.search(pattern, folded):
            return phrase
    return None


def contributions_of(user):
    """How many contributions of ``user`` are published, of every kind (for pre-moderation of new accounts)."""
    return sum(kind.count_published_by(user) for kind in target_types() if kind.count_published_by is not None)


def screening_reason(author, text, thread_premoderated=False, published_count=None):
    """Why a new contribution must wait for approval, or None to publish it now.

    ``published_count`` is how many contributions the author already has;
    counted here, only when new accounts are held at all, if not given.
    """
    if author.is_staff:
        return None
    if matching_phrase(text):
        return CaseOrigin.BLOCKED_PHRASE
    if thread_premoderated:
        return CaseOrigin.PREMODERATION
    first_n = get_setting("premoderate_first_n")
    if first_n:
        if published_count is None:
            published_count = contributions_of(author)
        if published_count < first_n:
            return CaseOrigin.PREMODERATION
    return None


def hold_for_review(target_type, target_id, origin):
    """Open a review case for a contribution held before publication."""
    kind, obj = load_target(target_type, target_id)
    case = open_case(kind, obj, CaseOrigin(origin))
    case.origin = CaseOrigin(origin)
    db.session.flush()
    notify.moderators_of_held_content(case)
    return case


def add_blocked_phrase(staff, phrase):
    """Staff add a phrase that holds matching contributions for review. Raises ModerationError."""
    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    phrase = " ".join((phrase or "").split())
    if not phrase or len(phrase) > 200:
        raise ModerationError("phrase_invalid")
    if db.session.scalar(select(BlockedPhrase).where(func.lower(BlockedPhrase.phrase) == phrase.lower())):
        raise ModerationError("phrase_exists")
    row = BlockedPhrase(phrase=phrase, created_by_id=staff.id)
    db.session.add(row)
    db.session.flush()
    record_audit(staff, "blocked_phrase_added", "setting", None, note=phrase)
    return row


def remove_blocked_phrase(staff, phrase_row):
    """Staff take a phrase off the list. Raises ModerationError."""
    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    record_audit(staff, "blocked_phrase_removed", "setting", None, note=phrase_row.phrase)
    db.session.delete(phrase_row)
    db.session.flush()
