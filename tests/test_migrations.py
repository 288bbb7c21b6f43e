"""Migrations: the migrated schema is the models' schema, on every engine."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from screener import create_app
from screener.db import create_tables
from screener.db import engine_of
from screener.db import get_session
from screener.db import migrate
from screener.db.models import PRIORITY
from screener.db.models import Base
from screener.db.models import Submission
from screener.db.models import triage_rank
from screener.staff import dashboard
from screener.submissions import tallies

from .conftest import app_settings
from .test_dashboard import direct_figures
from .test_dashboard import shown_figures


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


def test_upgrading_ranks_the_queue_and_counts_for_the_dashboard(
    empty_app: Flask,
) -> None:
    """0008 fills in each submission's triage rank, and the dashboard's counts of
    submissions, levels and regions from the queue's tallies."""
    cli(empty_app, "db", "upgrade", "0007")
    q = empty_app.extensions["screener.questionnaire"]
    monday = dt.date(2026, 11, 2)
    made = [  # status, level, days after a Monday, regions
        ("new", "emergency", 0, ["neck"]),
        ("reviewed", "emergency", 3, ["neck", "eyes"]),
        ("new", "none", 8, []),
        ("closed", "within_days", 9, ["eyes"]),
        ("contacted", "same_day", 20, ["neck"]),
    ]
    with engine_of(empty_app).begin() as connection:
        for number, (status, level, days, regions) in enumerate(made, 1):
            connection.execute(
                text(
                    "INSERT INTO submission (id, reference, questionnaire_version,"
                    " questionnaire_hash, submitted_on, answers, red_flag_level,"
                    " priority, red_flags, status) VALUES (:id, :ref, 'v', 'h', :day,"
                    " '{}', :level, :priority, '[]', :status)"
                ),
                {
                    "id": number,
                    "ref": f"DYS-AAAA-AAA{number}",
                    "day": monday + dt.timedelta(days=days),
                    "level": level,
                    "priority": PRIORITY[level],
                    "status": status,
                },
            )
            for region in regions:
                connection.execute(
                    text("INSERT INTO submission_region VALUES (:id, :region)"),
                    {"id": number, "region": region},
                )
    with empty_app.app_context():
        tallies.rebuild(get_session())  # as every write kept them
        get_session().commit()
    cli(empty_app, "db", "upgrade")
    with Session(engine_of(empty_app)) as session:
        ranked = session.execute(
            select(Submission.status, Submission.priority, Submission.triage_rank)
        ).all()
        assert [rank for *_, rank in ranked] == [4, 0, 1, 0, 0]
        assert all(rank == triage_rank(s, p) for s, p, rank in ranked)
        until = monday + dt.timedelta(days=27)
        assert shown_figures(dashboard.build(session, q, monday, until)) == (
            direct_figures(session, q, monday, until)
        )
