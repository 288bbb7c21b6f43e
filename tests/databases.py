"""Fresh, isolated databases for tests: SQLite always, PostgreSQL when TEST_DATABASE_URL
is set. On SQLite each database is a new file, with WAL and real locking as in
production (an in-memory database shares one connection between every session, which
production never does). On PostgreSQL each is a new schema, chosen through
search_path. Tests can run in any order without seeing each other's rows.

Most tests want the tables already made (`prepared_database_url`): the schema is built
once per run and copied (SQLite: a file copy) or, on PostgreSQL, a schema a finished
test used is emptied and handed on. `fresh_database_url` stays empty, for the tests of
migrations and of processes that make their own."""

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

from screener.db import make_engine
from screener.db.models import Base

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
ENGINE = "postgresql" if TEST_DATABASE_URL else "sqlite"
_created: list[str] = []
_admin: Engine | None = None
_folder: Path | None = None
#: SQLite: the file every prepared database is copied from.
_template: Path | None = None
#: PostgreSQL: prepared schemas handed out during the current test, and those free.
_in_use: list[str] = []
_free: list[str] = []


def _admin_engine() -> Engine:
    global _admin
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
    except Exception as error:
        return f"TEST_DATABASE_URL is set, but its server cannot be used: {error}"
    return None


def fresh_database_url(folder: Path | None = None) -> str:
    """A new empty database that any number of apps and processes can share."""
    if TEST_DATABASE_URL is None:
        folder = folder or _run_folder()
        return f"sqlite:///{folder / f'test-{secrets.token_hex(6)}.sqlite3'}"
    schema = f"test_{secrets.token_hex(6)}"
    with _admin_engine().connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    _created.append(schema)
    return _url_of_schema(schema)


def _run_folder() -> Path:
    global _folder
    _folder = _folder or Path(tempfile.mkdtemp(prefix="screener-tests-"))
    return _folder


def _url_of_schema(schema: str) -> str:
    assert TEST_DATABASE_URL
    # synchronous_commit off: a test's commit need not wait for the disk (production
    # keeps the server's default), which takes a few per cent off the PostgreSQL run.
    url = make_url(TEST_DATABASE_URL).update_query_dict(
        {"options": f"-csearch_path={schema} -csynchronous_commit=off"}
    )
    return url.render_as_string(hide_password=False)


def _create_tables(url: str) -> None:
    engine = make_engine(url)
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()


def prepared_database_url() -> str:
    """A new database holding the current tables, empty of rows."""
    global _template
    if TEST_DATABASE_URL is None:
        folder = _run_folder()
        if _template is None:
            _template = folder / "template.sqlite3"
            _create_tables(f"sqlite:///{_template}")
        copy = folder / f"test-{secrets.token_hex(6)}.sqlite3"
        shutil.copyfile(_template, copy)
        return f"sqlite:///{copy}"
    while _free:
        schema = _free.pop()
        if _emptied(schema):
            _in_use.append(schema)
            return _url_of_schema(schema)
    url = fresh_database_url()
    _create_tables(url)
    _in_use.append(_created[-1])
    return url


def _emptied(schema: str) -> bool:
    """Empty a used schema for the next test; False (and drop it) if the test changed
    its tables, so that it no longer matches the models."""
    with _admin_engine().connect() as connection:
        tables = set(
            connection.scalars(
                text("SELECT tablename FROM pg_tables WHERE schemaname = :schema"),
                {"schema": schema},
            )
        )
        if tables != set(Base.metadata.tables):
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            return False
        # DELETE is ten times faster than TRUNCATE on tables this small. Replica mode
        # lets it past the audit log's append-only triggers, for this cleanup alone.
        connection.execute(text("SET session_replication_role = replica"))
        try:
            for table in reversed(Base.metadata.sorted_tables):
                # Names from this run and the models, not from input.
                statement = f'DELETE FROM "{schema}"."{table.name}"'  # noqa: S608
                connection.execute(text(statement))
        finally:
            connection.execute(text("SET session_replication_role = DEFAULT"))
    return True


def release_prepared() -> None:
    """After a test: its prepared schemas may be emptied and used again."""
    _free.extend(_in_use)
    _in_use.clear()


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
