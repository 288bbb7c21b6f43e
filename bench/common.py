"""Shared set-up for the benchmarks: seeded databases, an app, a signed-in client."""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url

from screener import create_app
from screener.commands.demo import bulk as demo
from screener.db import get_session
from screener.db import migrate
from screener.db.models import Submission
from screener.staff import accounts as staff_accounts
from screener.staff.passwords import hasher_for
from screener.submissions import patterns

PASSWORD = "benchmark horse battery staple"
# One log line per request would drown the figures. (Disabled, not a level: the app
# sets the level of its request log when it starts.)
logging.getLogger("screener.requests").disabled = True
#: Seeded SQLite files are kept here between runs; seeding a million rows takes a while.
CACHE = Path(
    os.environ.get(
        "SCREENER_BENCH_CACHE", Path(tempfile.gettempdir()) / "screener-bench"
    )
)
#: The project's machines run PostgreSQL here (trust authentication, database "test").
POSTGRESQL = os.environ.get(
    "BENCH_POSTGRESQL_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
)


def _schema_url(name: str) -> str:
    url = make_url(POSTGRESQL).update_query_dict({"options": f"-csearch_path={name}"})
    return url.render_as_string(hide_password=False)


def _run(statement: str) -> None:
    admin = create_engine(POSTGRESQL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


@contextmanager
def postgresql_schema(name: str) -> Iterator[str]:
    """A URL for a fresh PostgreSQL schema of its own, dropped afterwards."""
    _run(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    _run(f'CREATE SCHEMA "{name}"')
    try:
        yield _schema_url(name)
    finally:
        _run(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def sqlite_url(count: int) -> str:
    CACHE.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{CACHE / f'submissions-{count}.sqlite3'}"


def postgresql_url(count: int) -> str:
    """A schema of its own for this size, kept between runs like the SQLite files."""
    name = f"bench_submissions_{count}"
    _run(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
    return _schema_url(name)


#: Where each engine's seeded databases live, by size.
DATABASES: dict[str, Callable[[int], str]] = {
    "SQLite": sqlite_url,
    "PostgreSQL": postgresql_url,
}


def app_for(url: str, **settings: Any) -> Flask:
    return create_app(
        {
            "TESTING": True,  # a throwaway secret key; nothing else changes
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "CLINIC_NAME": "Example Neurology Clinic",
            "CLINIC_PHONE": "020 7946 0000",
            **settings,
        }
    )


def seeded(url: str, count: int) -> Flask:
    """An app on a database holding exactly `count` made-up submissions, one admin."""
    app = app_for(url)
    migrate.upgrade(app)
    with app.app_context():
        db = get_session()
        # A database seeded before a migration: what init-db would fill in.
        patterns.fill_missing(db, app.extensions["screener.questionnaire"])
        have = db.scalar(select(func.count()).select_from(Submission)) or 0
        if have != count:
            if have:
                raise SystemExit(
                    f"{url} holds {have} submissions, not {count}: empty it"
                )
            started = time.perf_counter()
            demo.seed(db, app.extensions["screener.questionnaire"], count)
            rate = count / (time.perf_counter() - started)
            print(f"  seeded {count:,} submissions at {rate:,.0f} a second")
        if staff_accounts.find_staff(db, "bench") is None:
            staff_accounts.create(
                db, hasher_for(app), "bench", PASSWORD, "admin", "bench"
            )
            db.commit()
    return app


def interleaved_medians(
    clients: dict[int, FlaskClient],
    urls: dict[int, str],
    repeat: int,
    warm_up: int,
) -> dict[int, float]:
    """The median time of GET `urls[size]` for each size, taking the sizes in turn
    request by request, so that a slow moment of the machine falls on all alike."""
    samples: dict[int, list[float]] = {size: [] for size in clients}
    for round_number in range(warm_up + repeat):
        for size, client in clients.items():
            started = time.perf_counter()
            response = client.get(urls[size])
            elapsed = time.perf_counter() - started
            if response.status_code not in (200, 302):
                raise SystemExit(f"{urls[size]}: {response.status_code}")
            if round_number >= warm_up:
                samples[size].append(elapsed)
    return {size: statistics.median(times) for size, times in samples.items()}


def signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        "/staff/login", data={"username": "bench", "password": PASSWORD}
    )
    if response.status_code != 302:
        raise SystemExit("could not sign in")
    return client
