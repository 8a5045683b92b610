"""``flask groups ...`` commands."""
import click
from flask.cli import AppGroup

from ..extensions import db
from .services import seed_neighbourhoods

groups_cli = AppGroup("groups", help="Neighbourhood groups.")


@groups_cli.command("seed-neighbourhoods")
def seed_neighbourhoods_command():
    """Add "Whole city" and Cremona's neighbourhoods when missing (safe to re-run)."""
    added = seed_neighbourhoods()
    db.session.commit()
    click.echo(f"{added} neighbourhoods added.")
