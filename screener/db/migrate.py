"""Bringing a database to the current schema with Alembic, using the app's settings."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import Connection
from sqlalchemy import inspect

from . import engine_of
from .models import Base

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaError(Exception):
    """The database holds tables that migrations did not make and that differ from
    the models: upgrading it could lose data, so it is left alone."""


@contextmanager
def alembic_config(app: Flask) -> Iterator[Config]:
    """Alembic's configuration, holding a connection to the app's database."""
    config = Config(stdout=sys.stdout)  # the default is the stdout of import time
    config.set_main_option("script_location", str(MIGRATIONS))
    with (
        engine_of(app).connect() as connection,
        _no_cascades(connection),
        connection.begin(),
    ):
        config.attributes["connection"] = connection
        yield config
        _check_references(connection)


@contextmanager
def _no_cascades(connection: Connection) -> Iterator[None]:
    """On SQLite, foreign keys off while migrating. Batch mode rebuilds a table by
    copying it and dropping the old one, and with foreign keys on, that drop deletes
    every row that refers to it (ON DELETE CASCADE): a submission's regions and notes.
    SQLite ignores the setting inside a transaction, so it is made before one begins,
    on the driver's connection (through SQLAlchemy, a statement would begin one)."""
    driver = connection.connection.dbapi_connection
    if connection.dialect.name != "sqlite" or driver is None:
        yield
        return
    driver.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys = ON")  # as every connection has it


def _check_references(connection: Connection) -> None:
    """What foreign keys would have refused while they were off, refused now."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise SchemaError(
                f"the migration left rows with broken references: {broken}"
            )


def upgrade(app: Flask, revision: str = "head") -> str:
    """Bring the database to `revision`; return what was done, in a sentence.

    A database made before migrations existed (by create_all) is adopted when its
    schema already matches the models, and refused when it does not.
    """
    with alembic_config(app) as config:
        connection: Connection = config.attributes["connection"]
        if _made_without_migrations(connection):
            differences = schema_differences(connection)
            if differences:
                raise SchemaError(
                    "The database has tables but no migration history, and its "
                    f"schema differs from the models ({len(differences)} "
                    "differences). Back it up, then remove it or bring it in line."
                )
            command.stamp(config, "head")
            return "Adopted the existing database: its schema already matched."
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(config, revision)
        after = MigrationContext.configure(connection).get_current_revision()
    return (
        "Database already up to date."
        if before == after
        else f"Migrated {before or 'an empty database'} to {after}."
    )


def _made_without_migrations(connection: Connection) -> bool:
    tables = set(inspect(connection).get_table_names())
    return "alembic_version" not in tables and bool(tables & set(Base.metadata.tables))


def schema_differences(connection: Connection) -> list[object]:
    """How the database's schema differs from the models (empty when they agree)."""
    from alembic.autogenerate import compare_metadata

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))
