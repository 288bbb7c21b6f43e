"""check-questions and questionnaire-stats: check a questions.yaml, and measure it.

Both are `flask.commands` plugins (see pyproject.toml): they run even when the
configured file is broken and the app cannot start.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..questionnaire import Questionnaire
from ..questionnaire import QuestionnaireError
from ..questionnaire import load_questionnaire

_FILE = click.argument("path", required=False, type=click.Path(path_type=Path))


def _load(path: Path | None) -> tuple[Path, Questionnaire]:
    from .. import wording_rules
    from ..config import StartupError
    from ..config import settings_only_app
    from ..web.contacts import contacts_from

    settings = settings_only_app()
    target = path or Path(settings.config["QUESTIONS_PATH"])
    try:
        values = contacts_from(settings.config).text_settings()
    except StartupError:
        values = None  # no clinic configured here: the file is checked with examples
    try:
        return target, load_questionnaire(target, wording_rules(settings), values)
    except QuestionnaireError as error:
        raise click.ClickException(str(error)) from error


@click.command("check-questions")
@_FILE
def check_questions_command(path: Path | None) -> None:
    """Check a questions.yaml (default: the configured one) and report every problem."""
    target, q = _load(path)
    count = sum(1 for _ in q.questions())
    sections = len(q.file.sections)
    click.echo(
        f"{target}: OK. Version {q.version}: {sections} sections, {count} questions."
    )


@click.command("questionnaire-stats")
@_FILE
def questionnaire_stats_command(path: Path | None) -> None:
    """Count the questions and pages a patient meets, per path, against the targets."""
    from ..pathway import lengths

    target, q = _load(path)
    singles, every = lengths.every_path(q)
    click.echo(f"{target}, version {q.version}: questions / pages on each path")
    click.echo(f"{'Body regions ticked':<28}{'shortest':>12}{'longest':>12}")
    for measured in [*singles, every]:
        name = ", ".join(measured.regions) if measured is not every else "every region"
        click.echo(
            f"{name:<28}"
            f"{measured.shortest.questions:>7} / {measured.shortest.pages:<3}"
            f"{measured.longest.questions:>7} / {measured.longest.pages:<3}"
        )
    one = max(singles, key=lambda m: (m.shortest.questions, m.shortest.pages))
    verdicts = [
        ("one region, shortest path", one.shortest, lengths.ONE_REGION_TARGET),
        ("every region, longest path", every.longest, lengths.EVERY_REGION_TARGET),
    ]
    for name, measured_path, (questions, pages) in verdicts:
        met = measured_path.questions <= questions and measured_path.pages <= pages
        click.echo(
            f"Target for {name}: at most {questions} questions on {pages} pages; "
            f"measured {measured_path.questions} on {measured_path.pages}: "
            f"{'met' if met else 'NOT MET'}."
        )
