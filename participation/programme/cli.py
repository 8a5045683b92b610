"""``flask programme ...`` commands."""
import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from .parser import ProgrammeFormatError
from .services import import_programme_file, programme_is_empty

programme_cli = AppGroup("programme", help="Import and manage the municipality's programme.")


@programme_cli.command("import")
@click.argument("path", required=False, type=click.Path(dir_okay=True))
@click.option("--if-empty", is_flag=True, help="Do nothing when a programme is already imported.")
def import_command(path, if_empty):
    """Import the programme document (default: the bundled one). Safe to re-run."""
    path = path or current_app.config["PROGRAMME_PATH"]
    if if_empty and not programme_is_empty():
        click.echo("The programme is already imported; nothing to do.")
        return
    try:
        report = import_programme_file(path)
        db.session.commit()
    except ProgrammeFormatError as error:
        db.session.rollback()
        raise click.ClickException(f"{path}: {error}. Nothing was changed.") from None
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Programme imported from {path}: {report.summary()}.")
