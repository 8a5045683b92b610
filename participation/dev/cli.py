"""``flask dev seed --size T|S|M|L``: fill the database with generated residents and activity."""
import os
import time

import click
from flask.cli import AppGroup

dev_cli = AppGroup("dev", help="Development tools (never in production).")


@dev_cli.command("seed")
@click.option("--size", type=click.Choice(["T", "S", "M", "L"], case_sensitive=False), default="S",
              show_default=True, help="T: tiny (tests), S: small, M: medium (benchmark), L: 10 x M.")
@click.option("--seed", "random_seed", type=int, default=20140601, show_default=True,
              help="Random seed: the same seed gives the same data.")
def seed(size, random_seed):
    """Add generated residents, comments, votes and proposals on top of the imported programme."""
    from .seed import SEED_PASSWORD, SeedError, seed_database

    if os.environ.get("PARTICIPATION_ENV", "").lower() == "production":
        raise click.ClickException("flask dev seed refuses to run when PARTICIPATION_ENV=production.")
    started = time.monotonic()
    try:
        counts = seed_database(size.upper(), random_seed)
    except SeedError as error:
        raise click.ClickException(str(error)) from None
    for table, n in counts.items():
        click.echo(f"{table}: {n}")
    click.echo(f"Seeded size {size.upper()} in {time.monotonic() - started:.1f} s. "
               f"Every generated resident's password is {SEED_PASSWORD!r}.")
