"""db: schema migrations (`flask --app screener db upgrade`, and the rest)."""

from __future__ import annotations

import click
from alembic import command
from flask import current_app
from flask.cli import with_appcontext

from ..db import migrate
from .database import upgrade_database


@click.group("db")
def db_group() -> None:
    """Database schema migrations."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade_command(revision: str) -> None:
    """Bring the database to the current schema (or to REVISION)."""
    upgrade_database(revision)


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade_command(revision: str) -> None:
    """Take the schema back to REVISION ("base" removes every table)."""
    with migrate.alembic_config(current_app) as config:
        command.downgrade(config, revision)


@db_group.command("current")
@with_appcontext
def current_command() -> None:
    """Show the database's revision."""
    with migrate.alembic_config(current_app) as config:
        command.current(config)


@db_group.command("history")
@with_appcontext
def history_command() -> None:
    """List the migrations."""
    with migrate.alembic_config(current_app) as config:
        command.history(config)


@db_group.command("stamp")
@click.argument("revision")
@with_appcontext
def stamp_command(revision: str) -> None:
    """Record REVISION as applied without running anything (for repairs)."""
    with migrate.alembic_config(current_app) as config:
        command.stamp(config, revision)


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
@click.option("--autogenerate", is_flag=True, help="Write the steps from the models.")
@with_appcontext
def revision_command(message: str, autogenerate: bool) -> None:
    """Write a new migration (for developers: review it before committing)."""
    with migrate.alembic_config(current_app) as config:
        command.revision(config, message=message, autogenerate=autogenerate)
