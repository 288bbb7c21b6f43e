"""Fresh, isolated databases for tests: SQLite always, PostgreSQL when TEST_DATABASE_URL
is set. On SQLite each database is a new file, with WAL and real locking as in
production (an in-memory database shares one connection between every session, which
production never does). On PostgreSQL each is a new schema, chosen through
search_path. Tests can run in any order without seeing each other's rows."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
ENGINE = "postgresql" if TEST_DATABASE_URL else "sqlite"
_created: list[str] = []
_admin: Engine | None = None
_folder: Path | None = None


def _admin_engine() -> Engine:
    global _admin  # noqa: PLW0603  (one maintenance connection pool for the whole run)
    if _admin is None:
        assert TEST_DATABASE_URL
        _admin = create_engine(
            TEST_DATABASE_URL,
            isolation_level="AUTOCOMMIT",
            pool_size=1,
            connect_args={"connect_timeout": 5},
        )
    return _admin


def describe() -> str:
    """Say which engine this run tests, for the report header."""
    if TEST_DATABASE_URL is None:
        return "database engine: SQLite (set TEST_DATABASE_URL for PostgreSQL)"
    return f"database engine: PostgreSQL at {make_url(TEST_DATABASE_URL)!r}"


def check_reachable() -> str | None:
    """Return why TEST_DATABASE_URL cannot be used, or None when it can.

    A run asked to test PostgreSQL must not pass by testing nothing: it stops at once.
    """
    if TEST_DATABASE_URL is None:
        return None
    try:
        with _admin_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001  (any failure is reported, then fatal)
        return f"TEST_DATABASE_URL is set, but its server cannot be used: {error}"
    return None


def fresh_database_url(folder: Path | None = None) -> str:
    """A new empty database that any number of apps and processes can share."""
    if TEST_DATABASE_URL is None:
        global _folder  # noqa: PLW0603  (one folder for the whole run, removed at its end)
        if folder is None:
            _folder = _folder or Path(tempfile.mkdtemp(prefix="screener-tests-"))
            folder = _folder
        return f"sqlite:///{folder / f'test-{secrets.token_hex(6)}.sqlite3'}"
    schema = f"test_{secrets.token_hex(6)}"
    with _admin_engine().connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    _created.append(schema)
    url = make_url(TEST_DATABASE_URL).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    return url.render_as_string(hide_password=False)


def drop_created() -> None:
    """Remove every database this run made."""
    if _folder is not None:
        shutil.rmtree(_folder, ignore_errors=True)
    if _admin is None:
        return
    with _admin.connect() as connection:
        for schema in _created:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    _created.clear()
    _admin.dispose()
