"""One interface to the search index, whichever database is underneath.

SQLite: FTS5 over words stemmed in Python; PostgreSQL: ``to_tsvector('italian',
unaccent(...))`` with a GIN index. The index is kept up to date by the
session hooks in ``indexing.py``; these functions are also usable directly.
"""
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import bindparam, column, delete, func, insert, literal_column, select, table, text

from ..core.models import utcnow
from ..core.pagination import paginate
from ..extensions import db
from .document_types import DOCUMENT_TYPES, get_document_type
from .models import SearchDocument
from .schema import FTS_TABLE, VECTOR_COLUMN, VECTOR_EXPRESSION
from .text import query_words, snippet, stem

PER_PAGE = 20
BATCH = 500


@dataclass(frozen=True)
class SearchResult:
    kind: str
    id: int
    title: str
    snippet: Markup
    url: str
    language: str
    heading: str | None = None  # shown instead of the title, which is then another document's


def _result(document, stems):
    document_type = get_document_type(document.kind)
    heading = document_type.heading(document) if document_type.heading is not None else None
    return SearchResult(kind=document.kind, id=document.target_id, title=document.title,
                        snippet=snippet(document.body, stems), url=document_type.url(document),
                        language=document.language, heading=heading)


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


def _fts_match(words):
    # Each word quoted (it holds letters and digits only): no FTS5 operator can reach the query.
    expression = " AND ".join(f'"{stem(word)}"' for word in words)
    return text(f"{FTS_TABLE} MATCH :match").bindparams(match=expression)


def _pg_vector_and_query(words):
    vector = literal_column(f"search_document.{VECTOR_COLUMN}")
    return vector, func.plainto_tsquery(literal_column("'italian'"), func.unaccent(" ".join(words)))


def _match_condition(words):
    """A WHERE condition: the document matches every one of ``words`` (for counting)."""
    if _is_postgres():
        vector, query = _pg_vector_and_query(words)
        return vector.op("@@")(query)
    # As a subquery the full-text table runs the match once; joined, SQLite may
    # run it again for every document it considers.
    return SearchDocument.id.in_(select(_fts.c.rowid).where(_fts_match(words)))


def _matching(statement, words):
    """``statement`` narrowed to a full-text match on every one of ``words`` (plain words only), best first."""
    if _is_postgres():
        vector, query = _pg_vector_and_query(words)
        return statement.where(vector.op("@@")(query)).order_by(func.ts_rank_cd(vector, query).desc())
    return (
        statement.join(_fts, _fts.c.rowid == SearchDocument.id)
        .where(_fts_match(words))
        .order_by(text(f"bm25({FTS_TABLE}, 5.0, 1.0)"))
    )


def search(query, kinds=None, area=None, page=1, per_page=PER_PAGE):
    """Visible items, proposals and comments matching every word of ``query``, best first.

    ``kinds`` limits to some document types ("item", "proposal", "comment"); ``area`` to an
    area number. Returns a ``core.pagination.Page`` of ``SearchResult``
    (an empty page when the query has no words); any text is a safe query.
    Needs a request context (for the result addresses); a page past the last aborts with 404.
    """
    words = query_words(query)
    filters = [SearchDocument.visible.is_(True)]
    if kinds:
        filters.append(SearchDocument.kind.in_([k for k in kinds if k in DOCUMENT_TYPES]))
    if area is not None:
        filters.append(SearchDocument.area_numbers.like(f"%,{int(area)},%"))
    if not words:
        filters.append(SearchDocument.id.is_(None))
    statement = select(SearchDocument).where(*filters)
    count_statement = select(func.count(SearchDocument.id)).where(*filters)
    if words:
        statement = _matching(statement, words).order_by(SearchDocument.id)
        count_statement = count_statement.where(_match_condition(words))
    documents = paginate(statement, page, per_page=per_page, count_statement=count_statement)
    stems = [stem(word) for word in words]
    results = [_result(d, stems) for d in documents.items]
    return type(documents)(items=results, number=documents.number, per_page=documents.per_page,
                           total=documents.total)
