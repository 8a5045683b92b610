"""``flask progress``: the list of statuses."""
import click
from flask.cli import AppGroup

from ..extensions import db
from .statuses import add_status, list_statuses, seed_statuses

progress_cli = AppGroup("progress", help="The programme's progress.")


@progress_cli.command("statuses")
def statuses_command():
    """List the statuses (adding the built-in ones that are missing)."""
    seed_statuses()
    db.session.commit()
    for status in list_statuses():
        click.echo(f"{status.key}\t{status.label}\t{'in the average' if status.in_average else 'left out'}")


@progress_cli.command("add-status")
@click.argument("key")
@click.argument("label")
@click.option("--label-in", "labels", multiple=True, help="LANG=LABEL, e.g. en='On hold' (repeatable).")
@click.option("--left-out", is_flag=True, help="Items in this status are left out of the averages.")
@click.option("--colour", default="#6b7280", help="Colour of the chart bar (3:1 against white at least).")
def add_status_command(key, label, labels, left_out, colour):
    """Add a status KEY with its Italian LABEL."""
    try:
        add_status(key, label, dict(pair.split("=", 1) for pair in labels), in_average=not left_out, colour=colour)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Added {key}.")
