"""init-db and purge."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import get_session
from ..db import migrate
from ..submissions import patterns
from ..submissions import review
from ..web.extensions import current_questionnaire as questionnaire

#: Deleting in batches keeps each transaction, and each lock, short.
PURGE_BATCH = 5000


def upgrade_database(revision: str = "head") -> None:
    """Migrate the app's database, then, at the newest schema, fill in what a
    migration cannot work out for the rows already stored; say what was done."""
    try:
        click.echo(migrate.upgrade(current_app, revision))
    except migrate.SchemaError as error:
        raise click.ClickException(str(error)) from error
    if revision == "head":
        filled = patterns.fill_missing(get_session(), questionnaire())
        if filled:
            click.echo(f"Worked out the distribution pattern of {filled} submissions.")


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database or bring it up to date (the same as `db upgrade`)."""
    upgrade_database()
    click.echo("Database ready.")


@click.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=1),
    default=None,
    help="Delete submissions older than this many days (default: RETENTION_DAYS).",
)
@click.option(
    "--dry-run", is_flag=True, help="Say what would be deleted; delete nothing."
)
@click.option("--yes", is_flag=True, help="Do not ask first (for a timer or cron).")
@with_appcontext
def purge_command(days: int | None, dry_run: bool, yes: bool) -> None:
    """Delete old submissions (and their notes) and expired drafts; audit counts.

    Asks first unless --yes; every run, a dry run too, is in the audit log.
    """
    days = days or current_app.config["RETENTION_DAYS"]
    session = get_session()
    if dry_run:
        would = review.purge(session, days, "cli", dry_run=True)
        click.echo(
            f"Would delete {would.submissions} submissions sent before "
            f"{would.before.isoformat()}, {would.drafts} expired drafts. "
            "Nothing was deleted (--dry-run)."
        )
        return
    if not yes:
        would = review.purge_preview(session, days)
        click.confirm(
            f"Delete {would.submissions} submissions sent before "
            f"{would.before.isoformat()} and {would.drafts} expired drafts? "
            "This cannot be undone.",
            abort=True,
        )
    done = review.purge(session, days, "cli")
    click.echo(
        f"Deleted {done.submissions} submissions sent before "
        f"{done.before.isoformat()}, {done.drafts} drafts."
    )
