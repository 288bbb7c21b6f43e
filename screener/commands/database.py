"""init-db and purge."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import get_session
from ..db import migrate
from ..submissions import review

#: Deleting in batches keeps each transaction, and each lock, short.
PURGE_BATCH = 5000


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or bring it up to date (the same as `db upgrade`)."""
    try:
        click.echo(migrate.upgrade(current_app))
    except migrate.SchemaError as error:
        raise click.ClickException(str(error)) from error
    click.echo("Database ready.")


@click.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=1),
    default=None,
    help="Delete submissions older than this many days (default: RETENTION_DAYS).",
)
@with_appcontext
def purge_command(days: int | None) -> None:
    """Delete old submissions (and their notes) and expired drafts; audit counts."""
    days = days or current_app.config["RETENTION_DAYS"]
    done = review.purge(get_session(), days, "cli")
    before = done.before.isoformat()
    click.echo(
        f"Deleted {done.submissions} submissions sent before {before}, "
        f"{done.drafts} drafts."
    )
