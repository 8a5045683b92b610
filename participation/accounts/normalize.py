"""Comparison keys for emails and display names, and the names reserved for staff."""
import re
import unicodedata


def email_key(email):
    """The key that makes two spellings of one address equal: NFKC, then casefold."""
    if email is None:
        return None
    return unicodedata.normalize("NFKC", email.strip()).casefold()


def display_name_key(name):
    """Case-insensitive key of a display name: NFKC, casefold, single spaces."""
    if name is None:
        return None
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


# Digits and symbols people use to dodge a word filter ("4dm1n", "m0d3r4t0re").
_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
                             "|": "i", "€": "e"})

# A name whose skeleton contains one of these pretends to speak for the City or the platform.
_RESERVED_PARTS = (
    "admin", "amministrat", "moderat", "partecipa", "comunedicremona", "cittadicremona", "sindac", "assessor",
    "helpdesk", "ufficial", "official",
)
# Refused as a word of the name ("Staff", "Anna (staff)") but allowed inside words ("Staffieri").
_RESERVED_WORDS = ("staff", "mod", "root", "system", "sistema", "support", "supporto", "operator", "operatore",
                   "redazione")
# Refused only as the whole name.
_RESERVED_WHOLE = ("comune", "cremona", "comunecremona")


def _skeleton(name):
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = without_marks.translate(_LOOKALIKES).replace("l", "i")
    return re.sub(r"[^a-z]", "", folded)


_PART_SKELETONS = tuple(_skeleton(word) for word in _RESERVED_PARTS)
_WORD_SKELETONS = frozenset(_skeleton(word) for word in _RESERVED_WORDS)
_WHOLE_SKELETONS = frozenset(_skeleton(word) for word in _RESERVED_WHOLE)


def impersonates_staff(name):
    """True when ``name`` looks like a staff or institutional name ("Admin", "m0deratore", "Comune di Cremona")."""
    skeleton = _skeleton(name)
    if skeleton in _WHOLE_SKELETONS or skeleton in _WORD_SKELETONS:
        return True
    words = {_skeleton(word) for word in re.split(r"[\s\W_]+", name) if word}
    if words & _WORD_SKELETONS:
        return True
    return any(part in skeleton for part in _PART_SKELETONS)
