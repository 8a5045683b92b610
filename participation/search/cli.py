"""``flask search reindex``."""
import click
from flask.cli import AppGroup

from ..extensions import db

search_cli = AppGroup("search", help="Full-text search index.")


@search_cli.command("reindex")
def reindex():
    """Rebuild the search index from every item, proposal and comment."""
    from .schema import ensure_search_schema
    from .services import rebuild_index

    ensure_search_schema(db.session.connection())
    counts = rebuild_index()
    db.session.commit()
    click.echo(f"Indexed {counts['item']} items, {counts['proposal']} proposals, {counts['comment']} comments.")
