"""``flask opinions queue``: maps for the discussions that have none yet (after an upgrade, or a restore)."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..discussion.models import Thread
from ..extensions import db
from .jobs import request_map
from .models import OpinionMap

opinions_cli = AppGroup("opinions", help="Opinion maps of the discussions.")


@opinions_cli.command("queue")
@click.option("--all", "every", is_flag=True, help="Every discussion, not only those without a map.")
def queue_command(every):
    """Queue the background computation of the discussions' opinion maps (one job per discussion)."""
    query = select(Thread.id).order_by(Thread.id)
    if not every:
        query = query.where(~select(OpinionMap.id).where(OpinionMap.thread_id == Thread.id).exists())
    queued = sum(request_map(thread_id) is not None for thread_id in db.session.scalars(query).all())
    db.session.commit()
    click.echo(f"Opinion maps queued for the background worker: {queued}")
