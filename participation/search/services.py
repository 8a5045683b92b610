"""One interface to the search index, whichever database is underneath.

Both databases match words folded and stemmed in Python (``text.py``), each
document in its own language: SQLite with FTS5, PostgreSQL with a tsvector of
the same words and a GIN index. A reader finds the originals (in any language)
and the translations into the reader's language; an original whose translation
into that language matches too is left out, the translation stands for it. The
index is kept up to date by the session hooks in ``indexing.py``; these
functions are also usable directly.
"""
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import and_, bindparam, column, delete, false, func, insert, literal_column, or_, select, table, text
from sqlalchemy.orm import aliased

from ..core.models import utcnow
from ..core.pagination import paginate
from ..extensions import db
from .document_types import DOCUMENT_TYPES, get_document_type
from .models import SearchDocument
from .schema import FTS_TABLE, QUERY_CONFIGURATION, VECTOR_COLUMN, VECTOR_EXPRESSION
from .text import INDEX_LANGUAGE, query_stems, query_words, snippet, stem

PER_PAGE = 20
BATCH = 500


@dataclass(frozen=True)
class SearchResult:
    kind: str
    id: int
    title: str
    snippet: Markup
    url: str
    language: str  # the language of the matched text (title and snippet)
    heading: str | None = None  # shown instead of the title, which is then another document's
    title_language: str | None = None  # the language of ``title`` when it is not ``language``


def _result(document, words, reader_language):
    document_type = get_document_type(document.kind)
    title, title_language = document.title, document.language
    if document_type.title_in is not None and reader_language:
        title, title_language = document_type.title_in(document, reader_language)
    heading = document_type.heading(document, title) if document_type.heading is not None else None
    stems = [stem(word, document.language) for word in words]
    return SearchResult(kind=document.kind, id=document.target_id, title=title,
                        snippet=snippet(document.body, stems, document.language), url=document_type.url(document),
                        language=document.language, heading=heading, title_language=title_language)


def _is_postgres():
    return db.session.get_bind().dialect.name == "postgresql"


def index_documents(kind, ids):
    """(Re)write the index rows of the ``kind`` objects ``ids``; rows of vanished objects go."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = DOCUMENT_TYPES[kind].build(chunk)
        db.session.execute(
            delete(SearchDocument).where(SearchDocument.kind == kind, SearchDocument.target_id.in_(chunk))
        )
        if rows:
            now = utcnow()
            db.session.execute(insert(SearchDocument), [dict(row, indexed_at=now) for row in rows])
            if _is_postgres():
                db.session.execute(
                    text(f"UPDATE search_document SET {VECTOR_COLUMN} = {VECTOR_EXPRESSION} "
                         "WHERE kind = :kind AND target_id IN :ids").bindparams(bindparam("ids", expanding=True)),
                    {"kind": kind, "ids": [row["target_id"] for row in rows]},
                )


def index_document(kind, id):
    """Index (or re-index) one item, proposal or comment; it is found only while visible."""
    index_documents(kind, [id])


def remove_document(kind, id):
    """Drop one object from the index, and the documents that sit in it (an item's or proposal's comments)."""
    db.session.execute(delete(SearchDocument).where(SearchDocument.kind == kind, SearchDocument.target_id == id))
    if DOCUMENT_TYPES[kind].holds_others:
        db.session.execute(delete(SearchDocument).where(SearchDocument.parent == f"{kind}:{id}"))


def documents_inside(kind, id):
    """``(kind, id)`` of the indexed documents that sit in one (the comments of an item's or proposal's thread)."""
    return db.session.execute(
        select(SearchDocument.kind, SearchDocument.target_id).where(SearchDocument.parent == f"{kind}:{id}")
    ).all()


def rebuild_index():
    """Empty the index and index every row of every document type again. Returns counts by kind."""
    db.session.execute(delete(SearchDocument))
    counts = {}
    for kind, document_type in DOCUMENT_TYPES.items():
        model = document_type.model
        ids = list(db.session.scalars(select(model.id).order_by(model.id)))
        index_documents(kind, ids)
        counts[kind] = len(ids)
    return counts


_fts = table(FTS_TABLE, column("rowid"))


def _fts_match(alternatives):
    # Each stem quoted (it holds letters and digits only): no FTS5 operator can reach the query.
    expression = " AND ".join("(" + " OR ".join(f'"{stem_}"' for stem_ in stems) + ")" for stems in alternatives)
    return text(f"{FTS_TABLE} MATCH :match").bindparams(bindparam("match", expression, unique=True))


def _pg_vector_and_query(alternatives):
    vector = literal_column(f"search_document.{VECTOR_COLUMN}")
    expression = " & ".join("(" + " | ".join(stems) + ")" for stems in alternatives)
    return vector, func.to_tsquery(literal_column(f"'{QUERY_CONFIGURATION}'"), expression)


def _matching_ids(alternatives):
    """The ids of the documents holding, for every query word, one of its stems."""
    if _is_postgres():
        vector, query = _pg_vector_and_query(alternatives)
        return select(SearchDocument.id).where(vector.op("@@")(query))
    # As a subquery the full-text table runs the match once; joined, SQLite may
    # run it again for every document it considers.
    return select(_fts.c.rowid).where(_fts_match(alternatives))


def _matching(statement, alternatives):
    """``statement`` narrowed to a full-text match of ``alternatives`` (plain words only), best first."""
    if _is_postgres():
        vector, query = _pg_vector_and_query(alternatives)
        return statement.where(vector.op("@@")(query)).order_by(func.ts_rank_cd(vector, query).desc())
    return (
        statement.join(_fts, _fts.c.rowid == SearchDocument.id)
        .where(_fts_match(alternatives))
        .order_by(text(f"bm25({FTS_TABLE}, 5.0, 1.0)"))
    )


def _in_reader_language(language, matching_ids):
    """Originals in any language and translations into ``language``; an original is left
    out when its translation into ``language`` matches as well."""
    if not language or language == INDEX_LANGUAGE:
        return SearchDocument.is_translation.is_(False)
    translation = aliased(SearchDocument)
    translation_matches = (
        select(translation.id)
        .where(translation.kind == SearchDocument.kind, translation.target_id == SearchDocument.target_id,
               translation.language == language, translation.is_translation.is_(True),
               translation.id.in_(matching_ids))
        .exists()
    )
    return or_(
        and_(SearchDocument.is_translation.is_(True), SearchDocument.language == language),
        and_(SearchDocument.is_translation.is_(False), ~translation_matches),
    )


def search(query, kinds=None, area=None, page=1, per_page=PER_PAGE, language=INDEX_LANGUAGE):
    """Visible items, proposals and comments matching every word of ``query``, best first.

    ``language`` is the reader's: query words are stemmed in it and in Italian, and
    translations into it are found (a programme item by the words of its translation).
    ``kinds`` limits to some document types ("item", "proposal", "comment"); ``area`` to an
    area number. Returns a ``core.pagination.Page`` of ``SearchResult``
    (an empty page when the query has no words); any text is a safe query.
    Needs a request context (for the result addresses); a page past the last aborts with 404.
    """
    words = query_words(query)
    alternatives = query_stems(words, {INDEX_LANGUAGE, language or INDEX_LANGUAGE})
    filters = [SearchDocument.visible.is_(True)]
    if kinds:
        filters.append(SearchDocument.kind.in_([k for k in kinds if k in DOCUMENT_TYPES]))
    if area is not None:
        filters.append(SearchDocument.area_numbers.like(f"%,{int(area)},%"))
    if not words:
        filters.append(false())
    else:
        filters.append(_in_reader_language(language, _matching_ids(alternatives)))
    statement = select(SearchDocument).where(*filters)
    count_statement = select(func.count(SearchDocument.id)).where(*filters)
    if words:
        statement = _matching(statement, alternatives).order_by(SearchDocument.id)
        count_statement = count_statement.where(SearchDocument.id.in_(_matching_ids(alternatives)))
    documents = paginate(statement, page, per_page=per_page, count_statement=count_statement)
    results = [_result(d, words, language) for d in documents.items]
    return type(documents)(items=results, number=documents.number, per_page=documents.per_page,
                           total=documents.total)
