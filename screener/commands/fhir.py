"""export-fhir-questionnaire: the questionnaire as a FHIR R4 Questionnaire, to a file,
the same JSON as GET /fhir/Questionnaire/<version> serves."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import get_session
from ..fhir.views import questionnaire_json
from ..web.extensions import QUESTIONNAIRE


@click.command("export-fhir-questionnaire")
@click.option(
    "--version",
    "version",
    help="A version patients answered (default: the one in force).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@with_appcontext
def export_fhir_questionnaire_command(version: str | None, out: Path) -> None:
    """Write the questionnaire as a FHIR R4 Questionnaire (JSON)."""
    wanted = version or current_app.extensions[QUESTIONNAIRE].version
    body = questionnaire_json(get_session(), wanted)
    if body is None:
        raise click.ClickException(
            f"There is no questionnaire version {wanted!r}: neither the one in force "
            "nor one that patients answered."
        )
    out.write_text(body, encoding="utf-8")
    click.echo(f"Wrote the FHIR Questionnaire, version {wanted}, to {out}.")
