"""The database: one engine per app, one session per request, closed at teardown.

SQLite and PostgreSQL are both first-class. On SQLite, a transaction that will write
begins with BEGIN IMMEDIATE, taking the write lock first: a transaction that read
and then tried to write could otherwise fail at once with "database is locked"
whenever another process had written meanwhile, whatever the busy timeout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any
from typing import TypeVar

import orjson
from flask import Flask
from flask import current_app
from flask import g
from flask import has_request_context
from flask import request
from sqlalchemy import Connection
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import exc
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool

#: The app.extensions key of the read-only session factory ("screener.db" writes).
READ = "screener.db.read"
#: SQLite waits this long for a lock before "database is locked" (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: The execution option a write session sets, read when SQLite begins a transaction.
_BEGIN = "screener_sqlite_begin"
#: The execution option of a read session on SQLite (PRAGMA query_only).
_READ_ONLY = "screener_sqlite_read_only"
#: An execution option for bulk-loading made-up data: SQLite skips the fsync on commit,
#: which it can only be told between transactions.
SKIP_FSYNC = "screener_sqlite_skip_fsync"


def make_engine(url: str, pool_size: int = 5, max_overflow: int = 10) -> Engine:
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
        options.update(
            # Fail fast when the server is down, rather than hold a worker for minutes.
            connect_args={"connect_timeout": 5},
            pool_pre_ping=True,  # a server restart or a proxy may drop idle connections
            pool_recycle=1800,  # and some drop them after a while anyway
            pool_size=pool_size,
            max_overflow=max_overflow,
        )
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Per connection, and in this order: busy_timeout before WAL so that switching the
    # journal mode itself waits for locks. Foreign keys are off in SQLite by default.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    # Submissions are a few kilobytes each: on 8 KiB pages most fit without overflow
    # pages. This only takes effect on a new, empty file, so it comes before WAL.
    cursor.execute("PRAGMA page_size = 8192")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
    # Stop pysqlite from issuing its own BEGIN, so that _sqlite_begin chooses the kind
    # (SQLAlchemy's documented recipe; it also makes SAVEPOINT work properly).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Connection) -> None:
    try:
        _begin_on_driver(connection)
    except sqlite3.OperationalError as error:
        # The driver's own error, raised outside SQLAlchemy's execute, is wrapped as
        # SQLAlchemy wraps it for any statement: a lock held past the busy timeout is
        # then the same 503 page, answers kept, as any other database outage.
        raise exc.OperationalError("BEGIN", None, error) from error


def _begin_on_driver(connection: Connection) -> None:
    options = connection.get_execution_options()
    # Straight to the driver: SQLAlchemy's own execute costs more than the statement,
    # and every request begins a transaction.
    driver = connection.connection.dbapi_connection
    if driver is None:  # pragma: no cover  (a connection always has one when it begins)
        raise RuntimeError("no database connection to begin on")
    # A read session's transactions refuse writes. The setting lasts for the pooled
    # connection, so it is set, or cleared, whenever it changes.
    read_only = bool(options.get(_READ_ONLY))
    if read_only != connection.connection.info.get(_READ_ONLY, False):
        driver.execute(f"PRAGMA query_only = {'ON' if read_only else 'OFF'}")
        connection.connection.info[_READ_ONLY] = read_only
    if options.get("isolation_level") == "AUTOCOMMIT":
        return  # each statement is its own transaction
    # The setting outlives the transaction, on a connection that goes back to the
    # pool: it is put back before any other transaction uses the connection.
    skipping = SKIP_FSYNC in options  # only ever for made-up data (demo.py)
    if skipping != connection.connection.info.get(SKIP_FSYNC, False):
        driver.execute(f"PRAGMA synchronous = {'OFF' if skipping else 'FULL'}")
        connection.connection.info[SKIP_FSYNC] = skipping
    driver.execute(f"BEGIN {options.get(_BEGIN, 'DEFERRED')}")


def init_app(app: Flask) -> None:
    """Build this app's engine and session factories; close sessions at teardown."""
    config = app.config
    engine = make_engine(
        config["DATABASE_URL"],
        pool_size=config["DATABASE_POOL_SIZE"],
        max_overflow=config["DATABASE_MAX_OVERFLOW"],
    )
    writing = engine.execution_options(**{_BEGIN: "IMMEDIATE"})
    reading = engine.execution_options(
        **(
            {_READ_ONLY: True}
            if engine.dialect.name == "sqlite"
            else {"postgresql_readonly": True}
        )
    )
    app.extensions["screener.db"] = sessionmaker(writing, expire_on_commit=False)
    app.extensions[READ] = sessionmaker(reading, expire_on_commit=False)
    app.teardown_appcontext(close_session)


def engine_of(app: Flask) -> Engine:
    factory: sessionmaker[Session] = app.extensions["screener.db"]
    engine: Engine = factory.kw["bind"].engine  # the engine under its options
    return engine


#: The attribute `writes` sets on a view: the request methods for which it writes.
_WRITES = "_screener_writes"
ViewFunction = TypeVar("ViewFunction", bound=Callable[..., Any])


def writes(*methods: str) -> Callable[[ViewFunction], ViewFunction]:
    """Mark a view as one that writes (for these methods, or all of them), so that its
    request gets a write transaction: on SQLite, BEGIN IMMEDIATE. Any other request
    gets a read-only transaction, so a write there fails at once, on both engines."""

    def mark(view: ViewFunction) -> ViewFunction:
        setattr(view, _WRITES, {m.upper() for m in methods} or {"*"})
        return view

    return mark


def _view_writes() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    marked: set[str] = getattr(view, _WRITES, set())
    return "*" in marked or request.method in marked


def get_session(write: bool = False) -> Session:
    """Return this request's (or command's) session, opening it on first use.

    A command or a test, outside any request, always gets a write session. In a request
    the session writes when the view is marked with `writes`, or when code that writes
    asks first with `write=True` (the staff area's guard, which moves a session's clock
    on). Asking to write on a session opened to read is a programming error.
    """
    if "db_session" not in g:
        writing = write or not has_request_context() or _view_writes()
        g.db_session = current_app.extensions["screener.db" if writing else READ]()
        g.db_session_writes = writing
    elif write and not g.db_session_writes:
        raise RuntimeError(
            "this request's session was opened to read; mark the view with @writes"
        )
    session: Session = g.db_session
    return session


def read_session() -> Session:
    """A read-only session for this request, beside its write session if it has one.

    A view that reads, works things out and then writes little reads through this one,
    so that it holds SQLite's single write lock only for its writes (the question
    page: the lock is taken by the UPDATE, not by the first SELECT, and not at all for
    a page saved unchanged).
    """
    if "db_session" in g and not g.db_session_writes:
        return get_session()
    if "db_read_session" not in g:
        g.db_read_session = current_app.extensions[READ]()
    session: Session = g.db_read_session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the sessions; anything not committed is rolled back."""
    g.pop("db_session_writes", None)
    for key in ("db_session", "db_read_session"):
        session = g.pop(key, None)
        if session is not None:
            session.close()


def create_tables(app: Flask) -> None:
    """Create any missing tables; safe to run again."""
    from .models import Base

    Base.metadata.create_all(engine_of(app))
