"""Flask commands: `flask --app screener <command>`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .db import create_tables
from .db import get_session
from .questionnaire import QuestionnaireError
from .questionnaire import load_questionnaire
from .services import purge_expired_drafts


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database tables (safe to run again)."""
    create_tables(current_app)
    click.echo("Database ready.")


@click.command("check-questions")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def check_questions_command(path: Path | None) -> None:
    """Check a questions.yaml (default: the configured one) and report every problem."""
    from . import wording_rules
    from .config import settings_only_app

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


@click.command("purge-drafts")
@with_appcontext
def purge_drafts_command() -> None:
    """Delete drafts that have expired."""
    db = get_session()
    count = purge_expired_drafts(db)
    db.commit()
    click.echo(f"Deleted {count} expired draft{'s' if count != 1 else ''}.")


#: Commands that need the app; check-questions is a plugin command (see pyproject.toml).
app_commands = [init_db_command, purge_drafts_command]
