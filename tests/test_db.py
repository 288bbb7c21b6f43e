"""The database: SQLite settings per connection, table creation, a private schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from screener import create_app
from screener.db import SQLITE_BUSY_TIMEOUT_MS
from screener.db import engine_of
from screener.db import make_engine
from screener.models import Base
from screener.models import Submission

from .conftest import app_settings


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


def test_init_db_can_run_twice(tmp_path: Path) -> None:
    app = create_app(
        app_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'twice.sqlite3'}")
    )
    assert inspect(engine_of(app)).get_table_names() == []
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0
        assert "Database ready." in result.output
    assert set(inspect(engine_of(app)).get_table_names()) == {
        "draft",
        "submission",
        "submission_region",
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


def test_no_table_has_an_identifying_column() -> None:
    allowed = {("draft", "expires_at")}  # rounded up to the hour; see models.Draft
    for table in Base.metadata.tables.values():
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


def test_an_unknown_status_is_refused_by_the_database(app: Flask) -> None:
    with app.app_context():
        factory = app.extensions["screener.db"]
        with factory() as session:
            session.add(
                Submission(
                    reference="DYS-2222-3333",
                    questionnaire_version="1",
                    questionnaire_hash="0" * 64,
                    submitted_on=dt.date(2026, 11, 20),
                    answers={},
                    red_flag_level="none",
                    status="deleted",
                )
            )
            with pytest.raises(IntegrityError, match="known_status"):
                session.commit()
