"""export-redcap: the REDCap data dictionary of the questionnaire, to a file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import redcap
from ..web.extensions import current_questionnaire as questionnaire


@click.command("export-redcap")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@with_appcontext
def export_redcap_command(out: Path) -> None:
    """Write the REDCap data dictionary (instrument) of the questionnaire, the same
    file as staff download: build a REDCap project from it and the screener's CSV
    export imports into it.

    It holds no patient data, so unlike export-csv it reads no database and is not
    in the audit log. It stops with a non-zero status, after writing, if a show_if
    could not be translated or a name would be refused by REDCap.
    """
    q = questionnaire()
    dictionary = redcap.build(q)
    # newline="": the chunks already end their rows with CRLF, as RFC 4180 wants.
    with out.open("w", encoding="utf-8", newline="") as file:
        for chunk in dictionary.csv():
            file.write(chunk)
    done = dictionary.translations
    click.echo(
        f"Wrote {len(dictionary.fields)} REDCap fields in "
        f"{len(dictionary.forms)} instruments ({', '.join(dictionary.forms)}) "
        f"for questionnaire {q.version} to {out}."
    )
    click.echo(
        f"Branching logic: {done.mapped} of {done.conditions} show_if conditions "
        "translated"
        + (
            f", and {done.offered_earlier} questions offering earlier answers shown "
            "only when one was ticked"
            if done.offered_earlier
            else ""
        )
        + "."
    )
    for note in done.not_carried:
        click.echo(f"Not in the instrument (no field to carry it): {note}")
    trouble = [f"Not translated: {text}" for text in done.unmapped] + [
        f"REDCap would refuse: {text}" for text in dictionary.problems()
    ]
    if trouble:
        raise click.ClickException("\n".join(trouble))
