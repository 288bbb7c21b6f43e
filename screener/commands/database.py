"""init-db and purge."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete
from sqlalchemy import select

from ..db import audit
from ..db import get_session
from ..db import migrate
from ..db.models import Submission
from ..submissions import tallies
from ..submissions.drafts import purge_expired_drafts
from ..submissions.drafts import utc_now

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
    cutoff = utc_now().date() - dt.timedelta(days=days)
    db = get_session()
    submissions = 0
    while True:
        batch = list(
            db.scalars(
                select(Submission.id)
                .where(Submission.submitted_on < cutoff)
                .limit(PURGE_BATCH)
            )
        )
        if not batch:
            break
        db.execute(delete(Submission).where(Submission.id.in_(batch)))
        db.commit()
        submissions += len(batch)
    tallies.forget_before(db, cutoff)
    drafts = purge_expired_drafts(db)
    audit.record(
        db, "cli", "purge", submissions=submissions, drafts=drafts, older_than_days=days
    )
    db.commit()
    before = cutoff.isoformat()
    click.echo(
        f"Deleted {submissions} submissions sent before {before}, {drafts} drafts."
    )
