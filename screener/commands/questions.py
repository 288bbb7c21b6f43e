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
    from .. import wording_rules
    from ..config import settings_only_app
    from ..questionnaire.checks.wording import reading_figures
    from ..questionnaire.translation.loader import load_translation
    from ..questionnaire.translation.loader import translations_beside
    from ..questionnaire.translation.rules import RULES

    target, q = _load(path)
    count = sum(1 for _ in q.questions())
    sections = len(q.file.sections)
    click.echo(
        f"{target}: OK. Version {q.version}: {sections} sections, {count} questions."
    )
    worded = {"en": (q, wording_rules(settings_only_app()))}
    for language, translation in translations_beside(target).items():
        try:
            worded[language] = (load_translation(q, language), RULES[language])
        except QuestionnaireError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"{translation}: OK.")
    for language, (in_language, rules) in worded.items():
        name, worst, median = reading_figures(in_language, rules)
        click.echo(
            f"Reading, {language}: {name} median {median:.1f}, worst {worst:.1f}."
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


@click.command("translation-template")
@click.argument("language")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write it (default: print it).",
)
def translation_template_command(language: str, out: Path | None) -> None:
    """Write the file a translator fills in for LANGUAGE: every text of questions.yaml
    with its English, keeping what translations/LANGUAGE.yaml already says where the
    English has not changed since (an empty `text` marks each one to do)."""
    from ..questionnaire.translation.document import TranslationFile
    from ..questionnaire.translation.fields import slots
    from ..questionnaire.translation.loader import english_data
    from ..questionnaire.translation.loader import translation_path
    from ..questionnaire.translation.template import template

    _target, q = _load(None)
    existing = translation_path(q.source, language)
    entries = {}
    if existing.exists():
        import yaml

        try:
            entries = TranslationFile.model_validate(
                yaml.safe_load(existing.read_text(encoding="utf-8"))
            ).texts
        except ValueError as error:
            raise click.ClickException(f"{existing}: {error}") from error
    made = template(language, slots(english_data(q)), entries)
    if out is None:
        click.echo(made, nl=False)
        return
    out.write_text(made, encoding="utf-8")
    to_do = sum(1 for line in made.splitlines() if line.endswith(': ""'))
    click.echo(f"Wrote {out}: {to_do} texts to translate.")
