"""check-questions: check a questions.yaml and report every problem."""

from __future__ import annotations

from pathlib import Path

import click

from ..questionnaire import QuestionnaireError
from ..questionnaire import load_questionnaire


@click.command("check-questions")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def check_questions_command(path: Path | None) -> None:
    """Check a questions.yaml (default: the configured one) and report every problem."""
    from .. import wording_rules
    from ..config import settings_only_app

    settings = settings_only_app()
    target = path or Path(settings.config["QUESTIONS_PATH"])
    try:
        q = load_questionnaire(target, wording_rules(settings))
    except QuestionnaireError as error:
        raise click.ClickException(str(error)) from error
    count = sum(1 for _ in q.questions())
    sections = len(q.file.sections)
    click.echo(
        f"{target}: OK. Version {q.version}: {sections} sections, {count} questions."
    )
