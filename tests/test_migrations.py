"""Migrations: the migrated schema is the models' schema, on every engine."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from screener import create_app
from screener.db import create_tables
from screener.db import engine_of
from screener.db import migrate
from screener.db.models import Base

from .conftest import app_settings


@pytest.fixture
def empty_app() -> Flask:
    return create_app(app_settings())


def cli(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_migrated_schema_equals_the_models(empty_app: Flask) -> None:
    assert "Migrated an empty database to" in cli(empty_app, "db", "upgrade")
    with engine_of(empty_app).connect() as connection:
        assert migrate.schema_differences(connection) == []
        tables = set(inspect(connection).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


def test_migrations_make_the_audit_log_append_only(empty_app: Flask) -> None:
    cli(empty_app, "init-db")
    with engine_of(empty_app).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_event (at, actor, action, details) "
                "VALUES (CURRENT_TIMESTAMP, 'x', 'logout', '{}')"
            )
        )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        engine_of(empty_app).begin() as connection,
    ):
        connection.execute(text("DELETE FROM audit_event"))


def test_down_to_nothing_and_up_again(empty_app: Flask) -> None:
    cli(empty_app, "db", "upgrade")
    cli(empty_app, "db", "downgrade", "base")
    with engine_of(empty_app).connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    cli(empty_app, "db", "upgrade")
    assert "Database already up to date." in cli(empty_app, "db", "upgrade")
    assert "(head)" in cli(empty_app, "db", "current")


def test_a_database_made_before_migrations_is_adopted(empty_app: Flask) -> None:
    create_tables(empty_app)  # how the app made databases before migrations
    assert "Adopted the existing database" in cli(empty_app, "init-db")
    assert "Database already up to date." in cli(empty_app, "init-db")


def test_a_different_unmigrated_schema_is_left_alone(empty_app: Flask) -> None:
    create_tables(empty_app)
    with engine_of(empty_app).begin() as connection:
        connection.execute(text("ALTER TABLE draft ADD COLUMN surprise INTEGER"))
    result = empty_app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 1
    assert "differs from the models" in result.output
