"""The database: SQLite settings per connection, table creation, a private schema."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from screener import create_app
from screener.db import SKIP_FSYNC
from screener.db import SQLITE_BUSY_TIMEOUT_MS
from screener.db import engine_of
from screener.db import get_session
from screener.db import make_engine
from screener.db import writes
from screener.db.models import Base
from screener.db.models import Draft

from .conftest import SubmissionFactory
from .conftest import app_settings
from .databases import fresh_database_url


def test_sqlite_file_gets_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    for _ in range(2):  # every new connection, not just the first
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert (
                connection.execute(text("PRAGMA busy_timeout")).scalar()
                == SQLITE_BUSY_TIMEOUT_MS
            )
        engine.dispose()


def test_skipping_fsync_for_demo_data_ends_with_its_transaction(
    tmp_path: Path,
) -> None:
    engine = make_engine(
        f"sqlite:///{tmp_path / 'fsync.sqlite3'}", pool_size=1, max_overflow=0
    )
    synchronous = text("PRAGMA synchronous")
    seeding = engine.connect().execution_options(**{SKIP_FSYNC: True})
    with seeding, seeding.begin():
        assert seeding.execute(synchronous).scalar() == 0  # OFF
    with engine.connect() as serving, serving.begin():  # the same pooled connection
        assert serving.execute(synchronous).scalar() == 2  # FULL: commits are synced
    engine.dispose()


def test_init_db_can_run_twice(tmp_path: Path) -> None:
    app = create_app(app_settings(DATABASE_URL=fresh_database_url(tmp_path)))
    assert inspect(engine_of(app)).get_table_names() == []
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0
        assert "Database ready." in result.output
    assert set(inspect(engine_of(app)).get_table_names()) == {
        "alembic_version",
        "audit_event",
        "dashboard_day",
        "dashboard_indicator",
        "dashboard_week",
        "draft",
        "region_tally",
        "region_total",
        "questionnaire_snapshot",
        "staff_device",
        "staff_note",
        "staff_session",
        "staff_user",
        "submission",
        "submission_region",
        "submission_tally",
        "submission_total",
    }


#: Column names that would identify a person or pin down when they used the service.
IDENTIFYING = (
    "name",
    "email",
    "phone",
    "address",
    "postcode",
    "birth",
    "ip",
    "agent",
    "device",
    "url",
    "time",
    "created",
    "updated",
)


#: Tables holding what patients tell us. Staff and audit tables name staff and keep
#: times on purpose: they exist for accountability.
PATIENT_TABLES = {
    "draft",
    "submission",
    "submission_region",
    "questionnaire_snapshot",
    "submission_tally",
    "region_tally",
    "submission_total",
    "region_total",
    # The dashboard's counts, by day and week: numbers of submissions, never one.
    "dashboard_day",
    "dashboard_week",
    "dashboard_indicator",
}
STAFF_TABLES = {
    "staff_user",
    "staff_session",
    "staff_device",
    "staff_note",
    "audit_event",
}


def test_every_table_is_classified() -> None:
    assert set(Base.metadata.tables) == PATIENT_TABLES | STAFF_TABLES


def test_no_patient_table_has_an_identifying_column() -> None:
    allowed = {("draft", "expires_at")}  # rounded up to the hour; see models.Draft
    for table in (Base.metadata.tables[name] for name in sorted(PATIENT_TABLES)):
        for column in table.columns:
            words = column.name.split("_")
            if (table.name, column.name) in allowed:
                continue
            assert not any(word in IDENTIFYING for word in words), (
                f"{table.name}.{column.name}"
            )
            assert column.type.python_type is not dt.datetime, (
                f"{table.name}.{column.name} stores an exact time"
            )


def test_an_unknown_status_is_refused_by_the_database(
    db: Session, make_submission: SubmissionFactory
) -> None:
    with pytest.raises(IntegrityError, match="known_status"):
        make_submission(status="deleted")
    db.rollback()


def test_priority_must_match_the_red_flag_level(
    db: Session, make_submission: SubmissionFactory
) -> None:
    with pytest.raises(IntegrityError, match="priority_matches_level"):
        make_submission(red_flag_level="emergency", priority=0)
    db.rollback()


def test_the_suite_runs_on_the_engine_it_was_asked_for(app: Flask) -> None:
    expected = "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"
    assert engine_of(app).dialect.name == expected


def _add_a_draft() -> str:
    session = get_session()
    session.add(
        Draft(
            token="t" * 43,
            answers={},
            advised_flags=[],
            advice_due=[],
            expires_at=dt.datetime(2030, 1, 1),
        )
    )
    session.commit()
    return "stored"


def test_only_a_view_marked_as_writing_can_write(app: Flask, db: Session) -> None:
    """A view says it writes (`@writes`); any other request's transaction is read-only
    on both engines, so a forgotten mark fails at once instead of deadlocking later."""
    app.add_url_rule("/test/reads", "reads", _add_a_draft, methods=["POST"])
    app.add_url_rule(
        "/test/writes", "writes", writes()(lambda: _add_a_draft()), methods=["POST"]
    )
    client = app.test_client()
    if engine_of(app).dialect.name == "sqlite":
        # SQLite's refusal is an OperationalError, which reaches the outage page.
        assert client.post("/test/reads").status_code == 503
    else:
        with pytest.raises(DBAPIError, match="read-only transaction"):
            client.post("/test/reads")
    assert db.scalar(select(func.count()).select_from(Draft)) == 0
    assert client.post("/test/writes").get_data(as_text=True) == "stored"
    assert db.scalar(select(func.count()).select_from(Draft)) == 1


def test_asking_to_write_on_a_session_opened_to_read_is_an_error(app: Flask) -> None:
    with app.test_request_context("/", method="GET"):
        get_session()
        with pytest.raises(RuntimeError, match="opened to read"):
            get_session(write=True)
    with app.app_context():  # a command: always a write session
        get_session().execute(text("SELECT 1"))
