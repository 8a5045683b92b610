"""Words for the index and for queries: accent folding, lower-casing, Italian stemming."""
import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from markupsafe import Markup, escape

MAX_QUERY_TOKENS = 20
MAX_TOKEN_LENGTH = 60
# Letters and digits of any script; underscores and everything else separate words.
WORD = re.compile(r"[^\W_]+")

_stemmer = snowballstemmer.stemmer("italian")


def fold(text):
    """Lower-case ``text`` and drop its accents: "Città" -> "citta"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text):
    """The folded words of ``text``."""
    return WORD.findall(fold(text))


@lru_cache(maxsize=100_000)
def stem(word):
    """The Snowball Italian stem of a folded word (cached: the pure-Python stemmer is slow)."""
    return _stemmer.stemWord(word)


def stemmed_text(text):
    """What SQLite's full-text table indexes: the stems of every word, space separated."""
    return " ".join(stem(word) for word in words(text))


def query_words(query):
    """Plain words of a user's query, at most ``MAX_QUERY_TOKENS``, operators and quotes ignored."""
    found = []
    for match in WORD.finditer(fold(query or "")):
        word = match.group()[:MAX_TOKEN_LENGTH]
        if word not in found:
            found.append(word)
        if len(found) == MAX_QUERY_TOKENS:
            break
    return found


SNIPPET_BEFORE = 12
SNIPPET_WORDS = 40


def snippet(body, stems):
    """A short excerpt of ``body`` around the first word whose stem is in ``stems``, matches in <mark>."""
    tokens = re.findall(r"\S+", body)
    if not tokens:
        return Markup("")
    wanted = set(stems)

    def matches(token):
        return any(stem(word) in wanted for word in words(token))

    first = next((i for i, token in enumerate(tokens) if matches(token)), 0)
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(tokens), start + SNIPPET_WORDS)
    parts = [Markup("<mark>%s</mark>") % token if matches(token) else escape(token) for token in tokens[start:end]]
    text = Markup(" ").join(parts)
    if start > 0:
        text = Markup("… ") + text
    if end < len(tokens):
        text = text + Markup(" …")
    return text
