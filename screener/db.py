"""The database: one engine per app, one session per request, closed at teardown."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson
from flask import Flask
from flask import current_app
from flask import g
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool

#: SQLite waits this long for a lock before "database is locked" (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 5000


def make_engine(url: str) -> Engine:
    """Create an engine with the settings each database engine needs."""
    # Error messages must never carry answers into a log, so bound values are hidden.
    options: dict[str, Any] = {
        "hide_parameters": True,
        "json_serializer": _json_text,
        "json_deserializer": orjson.loads,
    }
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False}
        if url in ("sqlite://", "sqlite:///:memory:"):
            # An in-memory database exists per connection: share one connection.
            options["poolclass"] = StaticPool
    else:
        options["pool_pre_ping"] = True  # a server may drop idle connections
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Per connection, and in this order: busy_timeout before WAL so that switching the
    # journal mode itself waits for locks. Foreign keys are off in SQLite by default.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def init_app(app: Flask) -> None:
    """Build this app's engine and session factory; close sessions at teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["screener.db"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)


def engine_of(app: Flask) -> Engine:
    factory: sessionmaker[Session] = app.extensions["screener.db"]
    engine: Engine = factory.kw["bind"]
    return engine


def get_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["screener.db"]()
    session: Session = g.db_session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the request's session; anything not committed is rolled back."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def create_tables(app: Flask) -> None:
    """Create any missing tables; safe to run again."""
    from .models import Base

    Base.metadata.create_all(engine_of(app))
