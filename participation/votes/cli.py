"""``flask votes recount``: recompute every vote and comment counter."""
import click
from flask.cli import AppGroup

from ..extensions import db

votes_cli = AppGroup("votes", help="Votes and counters.")


@votes_cli.command("recount")
def recount():
    """Recompute counters from the vote and comment rows and report any drift."""
    from .services import recount_all

    drift = recount_all()
    db.session.commit()
    for line in drift:
        click.echo(line)
    click.echo(f"{len(drift)} counters corrected." if drift else "All counters were correct.")
