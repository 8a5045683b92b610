"""``flask users ...`` commands."""
import click
from flask.cli import AppGroup

from ..extensions import db
from .normalize import display_name_key
from .passwords import password_problem
from .services import create_admin, display_name_taken, find_user_by_email

users_cli = AppGroup("users", help="Accounts and roles.")


def _valid_email(email):
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from error


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", help="Display name when the account is created (default: asked).")
@click.option("--password", help="Password when the account is created (default: asked, hidden).")
def create_admin_command(email, name, password):
    """Promote the account of EMAIL to administrator, or create a verified administrator."""
    email = _valid_email(email)
    if find_user_by_email(email) is None:
        name = name or click.prompt("Display name")
        if display_name_taken(name) or not display_name_key(name):
            raise click.ClickException(f"The display name {name!r} is already taken or empty.")
        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        problem = password_problem(password)
        if problem:
            raise click.ClickException(str(problem))
    user, created = create_admin(email, display_name=name, password=password)
    db.session.commit()
    click.echo(f"{'Created' if created else 'Promoted'} administrator {user.display_name} <{user.email}>.")


