"""``flask programme ...`` commands."""
from pathlib import Path

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


@programme_cli.command("import-translations")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def import_translations_command(directory):
    """Load the shipped content translations (data/translations/programme.<lang>.json). Safe to re-run."""
    from ..translations.shipped import TranslationFileError, import_translation_directory

    directory = directory or str(Path(current_app.root_path).parent / "data" / "translations")
    try:
        reports = import_translation_directory(directory)
        db.session.commit()
    except TranslationFileError as error:
        db.session.rollback()
        raise click.ClickException(f"{error}. Nothing was changed.") from None
    except Exception:
        db.session.rollback()
        raise
    if not reports:
        click.echo(f"No translation files in {directory}.")
    for report in reports:
        for warning in report.warnings:
            click.echo(f"warning: {report.language}: {warning}", err=True)
        click.echo(f"Translations imported: {report.summary()}.")
