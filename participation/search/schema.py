"""The full-text structures beside ``search_document``, which SQLAlchemy metadata cannot describe.

SQLite: an external-content FTS5 table ``search_fts`` over the stemmed columns,
kept in step by three triggers. PostgreSQL: a ``search_vector`` tsvector column
over the same stemmed columns (written by the application when it indexes a
document) and a GIN index on it. On both, the words were folded and stemmed
in Python (``text.py``) in the document's language, so PostgreSQL needs no
extension (installations made before keep an unused ``unaccent``).

Both functions are idempotent; the migration and the tests call them after
the tables exist.
"""

FTS_TABLE = "search_fts"
VECTOR_COLUMN = "search_vector"
VECTOR_INDEX = "ix_search_document_vector"

_SQLITE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "stemmed_title, stemmed_body, content='search_document', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, stemmed_title, stemmed_body) "
    "VALUES (new.id, new.stemmed_title, new.stemmed_body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, stemmed_title, stemmed_body) "
    "VALUES ('delete', old.id, old.stemmed_title, old.stemmed_body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, stemmed_title, stemmed_body) "
    "VALUES ('delete', old.id, old.stemmed_title, old.stemmed_body); "
    f"INSERT INTO {FTS_TABLE}(rowid, stemmed_title, stemmed_body) "
    "VALUES (new.id, new.stemmed_title, new.stemmed_body); END",
    # Rebuilds from search_document: brings an existing full-text table back in step.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)

_POSTGRESQL = (
    f"ALTER TABLE search_document ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector",
    f"CREATE INDEX IF NOT EXISTS {VECTOR_INDEX} ON search_document USING gin ({VECTOR_COLUMN})",
)

# The PostgreSQL expression that fills search_vector: the words the application
# stemmed in each document's language, as they are (the 'simple' configuration),
# so that every language matches the same way on both databases. A comment's
# title is its thread's, shown but not indexed (its stemmed_title is empty).
VECTOR_EXPRESSION = (
    "setweight(to_tsvector('simple', stemmed_title), 'A') || "
    "setweight(to_tsvector('simple', stemmed_body), 'B')"
)
# The query side: the same configuration over the application's stems.
QUERY_CONFIGURATION = "simple"


def ensure_search_schema(connection):
    """Create the engine's full-text structures for ``search_document`` if missing."""
    statements = _POSTGRESQL if connection.dialect.name == "postgresql" else _SQLITE
    for statement in statements:
        connection.exec_driver_sql(statement)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            f"UPDATE search_document SET {VECTOR_COLUMN} = {VECTOR_EXPRESSION} WHERE {VECTOR_COLUMN} IS NULL"
        )


def drop_search_schema(connection):
    """Remove what ``ensure_search_schema`` made (before dropping ``search_document``)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {VECTOR_INDEX}")
        connection.exec_driver_sql(f"ALTER TABLE search_document DROP COLUMN IF EXISTS {VECTOR_COLUMN}")
        return
    for trigger in ("search_document_ai", "search_document_ad", "search_document_au"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def is_search_schema_object(name):
    """True for the names ``ensure_search_schema`` makes, which models do not describe
    (Alembic's ``include_object``/``compare_metadata`` should skip them)."""
    return name in (VECTOR_COLUMN, VECTOR_INDEX) or (name or "").startswith(FTS_TABLE)
