"""Migrations: the migrated schema is the models' schema, on every engine."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from sqlalchemy import Connection
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from screener import create_app
from screener.db import create_tables
from screener.db import engine_of
from screener.db import migrate
from screener.db.models import PRIORITY
from screener.db.models import Base
from screener.db.models import RegionTotal
from screener.db.models import Submission
from screener.db.models import SubmissionTally
from screener.db.models import SubmissionTotal
from screener.db.models import triage_rank
from screener.staff import dashboard
from screener.submissions import queue
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
    with engine_of(empty_app).begin() as connection:
        count_into_tallies_before_0009(connection)  # as every write kept them
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


def count_into_tallies_before_0009(connection: Connection) -> None:
    """The daily tallies as every write kept them before 0009 keyed them by pattern
    (the models' tallies.rebuild knows only today's schema)."""
    connection.execute(
        text(
            "INSERT INTO submission_tally (day, status, priority, version, count)"
            " SELECT submitted_on, status, priority, questionnaire_version, count(*)"
            " FROM submission"
            " GROUP BY submitted_on, status, priority, questionnaire_version"
        )
    )
    connection.execute(
        text(
            "INSERT INTO region_tally (region, day, status, priority, version, count)"
            " SELECT region, submitted_on, status, priority, questionnaire_version,"
            " count(*) FROM submission_region JOIN submission ON id = submission_id"
            " GROUP BY region, submitted_on, status, priority, questionnaire_version"
        )
    )


#: Stored before 0009: (status, regions with sides) and the pattern 0009 then finds.
BEFORE_PATTERNS = [
    ("new", {"neck": None}, "focal"),
    ("new", {"neck": None, "lower_face": None}, "segmental"),
    ("reviewed", {"eyes": None, "leg_foot": "left"}, "multifocal"),
    ("new", {"arm_hand": "right", "leg_foot": "right"}, "hemi"),
    ("closed", {}, None),
]


def test_upgrading_works_out_each_submissions_pattern(empty_app: Flask) -> None:
    """0009 keys the tallies by the distribution pattern; init-db then works out the
    pattern of every submission already stored, and the queue filters and counts by
    it exactly."""
    cli(empty_app, "db", "upgrade", "0008")
    q = empty_app.extensions["screener.questionnaire"]
    sides = q.file.synopsis.distribution.sides
    with engine_of(empty_app).begin() as connection:
        for number, (status, regions, _) in enumerate(BEFORE_PATTERNS, 1):
            answers: dict[str, object] = {"body_regions": list(regions)}
            answers |= {sides[r]: side for r, side in regions.items() if side}
            connection.execute(
                text(
                    "INSERT INTO submission (id, reference, questionnaire_version,"
                    " questionnaire_hash, submitted_on, answers, red_flag_level,"
                    " priority, red_flags, status, triage_rank) VALUES (:id, :ref,"
                    " :version, :hash, '2026-11-02', :answers, 'none', 0, '[]',"
                    " :status, :rank)"
                ),
                {
                    "id": number,
                    "ref": f"DYS-BBBB-BBB{number}",
                    "version": q.version,
                    "hash": q.content_hash,
                    "answers": json.dumps(answers),
                    "status": status,
                    "rank": triage_rank(status, 0),
                },
            )
            for region in regions:
                connection.execute(
                    text("INSERT INTO submission_region VALUES (:id, :region)"),
                    {"id": number, "region": region},
                )
        count_into_tallies_before_0009(connection)
    assert "Worked out the distribution pattern of 4 submissions." in cli(
        empty_app, "init-db"
    )
    with Session(engine_of(empty_app)) as session:
        found = session.scalars(select(Submission.distribution).order_by("id"))
        assert list(found) == [pattern for *_, pattern in BEFORE_PATTERNS]
        by_pattern = dict(
            session.execute(
                select(SubmissionTotal.distribution, SubmissionTotal.count)
            ).all()
        )
        patterns = ["focal", "segmental", "multifocal", "hemi", ""]
        assert by_pattern == dict.fromkeys(patterns, 1)  # "" reported no region
        assert by_pattern == dict(
            session.execute(
                select(SubmissionTally.distribution, SubmissionTally.count)
            ).all()
        )
        neck = select(RegionTotal.distribution, RegionTotal.count).where(
            RegionTotal.region == "neck"
        )
        assert dict(session.execute(neck).all()) == {"focal": 1, "segmental": 1}
        new_hemi = queue.QueueFilters(status="new", pattern="hemi")
        assert tallies.counts(session, new_hemi)["status"]["new"] == 1
        assert [
            row.reference for row in queue.page(session, new_hemi, None, 10).rows
        ] == ["DYS-BBBB-BBB4"]
    assert "Worked out" not in cli(empty_app, "init-db")  # nothing left to do
    cli(empty_app, "db", "downgrade", "0008")
    with engine_of(empty_app).connect() as connection:
        totals = connection.execute(
            text("SELECT status, count FROM submission_total ORDER BY status")
        ).all()
    assert [tuple(row) for row in totals] == [
        ("closed", 1),
        ("new", 3),
        ("reviewed", 1),
    ]
