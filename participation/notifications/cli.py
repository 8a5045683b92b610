"""``flask notifications digest``: the daily email summary, by hand (the background worker sends it at DIGEST_HOUR)."""
import click
from flask.cli import AppGroup

from ..extensions import db

notifications_cli = AppGroup("notifications", help="Notification emails.")


@notifications_cli.command("digest")
def digest():
    """Queue the daily digest emails of pending notifications."""
    from .email import send_digests

    try:
        from ..core import mail  # noqa: F401
    except ImportError:
        raise click.ClickException("Email is not configured in this installation.") from None
    sent = send_digests()
    db.session.commit()
    click.echo(f"{sent} digest emails queued.")
