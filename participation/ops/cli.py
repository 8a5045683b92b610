"""``flask db backup PATH`` and ``flask db restore PATH``, added to Flask-Migrate's ``db`` group."""
import click
from flask_migrate.cli import db as db_cli

from .services import BackupError, backup_database, restore_database


@db_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path):
    """Write a consistent backup of the live database to PATH (a new file)."""
    try:
        backend = backup_database(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup of the {backend} database written to {path}.")


@db_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help="Overwrite a database that already holds data.")
def restore_command(path, replace):
    """Restore the backup at PATH into the configured (empty) database."""
    try:
        backend = restore_database(path, replace=replace)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"The {backend} database was restored from {path}.")
