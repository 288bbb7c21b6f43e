"""export-csv: the staff CSV export, to a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..db import audit
from ..db import get_session
from ..submissions import export
from ..submissions import queue
from ..web.extensions import current_questionnaire as questionnaire


@click.command("export-csv")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="First date to include."
)
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), help="Last date to include."
)
@click.option("--labels", is_flag=True, help="Answer labels instead of codes.")
@with_appcontext
def export_csv_command(
    out: Path, since: dt.datetime | None, until: dt.datetime | None, labels: bool
) -> None:
    """Write the submissions sent between two dates as CSV, as staff download it."""
    filters = queue.QueueFilters(
        since=since.date() if since else None, until=until.date() if until else None
    )
    db = get_session()
    run = export.ExportRun(questionnaire(), labels=labels)
    query = queue.in_order(queue.matching(filters), filters)
    with out.open("w", encoding="utf-8", newline="") as file:
        for chunk in run.stream(db, query):
            file.write(chunk)
    audit.record(
        db,
        "cli",
        "export",
        rows=run.rows,
        completed=True,
        labels=labels,
        filters=filters.describe(),
    )
    db.commit()
    click.echo(f"Wrote {run.rows} submissions to {out}.")


@click.command("refresh-export-rows")
@with_appcontext
def refresh_export_rows_command() -> None:
    """After publishing a new questions.yaml, re-render what older submissions export,
    so exports stay fast. Safe to run at any time; exports are correct without it."""
    changed = export.refresh_stored_cells(get_session(), questionnaire())
    click.echo(f"Re-rendered {changed} submission{'s' if changed != 1 else ''}.")
