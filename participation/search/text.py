"""Words for the index and for queries, in every language: accent and case folding,
Snowball stemming where Snowball has the language, Chinese cut into words.

A document's words are stemmed in its own language; a query's words are
stemmed both in the reader's language and in Italian, and a document matches
a word when it holds either stem. Chinese has no spaces between words: runs of
Chinese characters are cut into words by jieba's dictionary (for the index,
also into the shorter words inside long ones, so that a query of either
finds them).
"""
import logging
import re
import unicodedata
from functools import cache, lru_cache

import snowballstemmer
from markupsafe import Markup, escape

MAX_QUERY_TOKENS = 20
MAX_TOKEN_LENGTH = 60
# Letters and digits of any script; underscores and everything else separate words.
WORD = re.compile(r"[^\W_]+")
# Han characters (the CJK blocks Chinese is written in).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
TATWEEL = "\u0640"  # Arabic letter stretching: drawing, not spelling

INDEX_LANGUAGE = "it"
# Interface languages -> Snowball algorithm; languages without one are folded only.
SNOWBALL = {"it": "italian", "en": "english", "fr": "french", "ro": "romanian", "ar": "arabic"}


@cache
def _stemmer(language):
    algorithm = SNOWBALL.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


def has_stemmer(language):
    return language in SNOWBALL


def fold(text):
    """Lower-case ``text`` and drop its accents and marks: "Città" -> "citta"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace(TATWEEL, ""))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _cut(run, for_index):
    jieba = _jieba()
    pieces = jieba.cut_for_search(run) if for_index else jieba.cut(run)
    return [piece for piece in pieces if WORD.fullmatch(piece)]


def _split(token, for_index):
    if not HAN.search(token):
        return [token]
    parts = []
    position = 0
    for match in HAN.finditer(token):
        if match.start() > position:
            parts.append(token[position:match.start()])
        parts += _cut(match.group(), for_index)
        position = match.end()
    if position < len(token):
        parts.append(token[position:])
    return parts


def words(text, for_index=True):
    """The folded words of ``text`` (Chinese cut into words)."""
    return [part for token in WORD.findall(fold(text)) for part in _split(token, for_index)]


@lru_cache(maxsize=100_000)
def stem(word, language=INDEX_LANGUAGE):
    """The Snowball stem of a folded word in ``language``, or the word where Snowball
    lacks the language (cached: the pure-Python stemmer is slow)."""
    stemmer = _stemmer(language)
    return stemmer.stemWord(word) if stemmer is not None else word


def stemmed_text(text, language=INDEX_LANGUAGE):
    """What the full-text index holds: the stems of every word in ``language``, space separated."""
    return " ".join(stem(word, language) for word in words(text))


def query_words(query):
    """Plain words of a user's query, at most ``MAX_QUERY_TOKENS``, operators and quotes ignored."""
    found = []
    for word in words(query or "", for_index=False):
        word = word[:MAX_TOKEN_LENGTH]
        if word not in found:
            found.append(word)
        if len(found) == MAX_QUERY_TOKENS:
            break
    return found


def query_stems(words_, languages):
    """For each query word, the stems it may have in the index: one per language of ``languages``."""
    return [sorted({stem(word, language) for language in languages}) for word in words_]


SNIPPET_BEFORE = 12
SNIPPET_WORDS = 40


def snippet(body, stems, language=INDEX_LANGUAGE):
    """A short excerpt of ``body`` around the first word whose stem (in ``language``) is in ``stems``,
    matches in <mark>."""
    if HAN.search(body):  # no spaces between Chinese words: jieba's pieces, spaces included
        tokens, space = list(_jieba().cut(body)), Markup("")
    else:
        tokens, space = re.findall(r"\S+", body), Markup(" ")
    if not tokens:
        return Markup("")
    wanted = set(stems)

    def matches(token):
        return any(stem(word, language) in wanted for word in words(token))

    first = next((i for i, token in enumerate(tokens) if matches(token)), 0)
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(tokens), start + SNIPPET_WORDS)
    parts = [Markup("<mark>%s</mark>") % token if matches(token) else escape(token) for token in tokens[start:end]]
    text = space.join(parts)
    if start > 0:
        text = Markup("… ") + text
    if end < len(tokens):
        text = text + Markup(" …")
    return text
