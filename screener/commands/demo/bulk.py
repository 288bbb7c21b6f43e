"""Writing made-up submissions in bulk: each engine's fastest path (COPY on PostgreSQL,
executemany on SQLite), then the tallies rebuilt and the tables analysed.

Test and benchmark machinery, kept out of the runtime packages: only seed-demo uses it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from ...db import SKIP_FSYNC
from ...db.clock import utc_now
from ...db.models import Submission
from ...db.models import triage_rank
from ...questionnaire import Questionnaire
from ...submissions import dashboard_recount
from ...submissions import snapshots
from ...submissions import tallies
from .answers import Row
from .answers import rows

#: The submission columns seeding writes, in this order: five per row, then the
#: ones a patient's answers fix.
COLUMNS = (
    "id",
    "reference",
    "submitted_on",
    "status",
    "triage_rank",
    "questionnaire_version",
    "questionnaire_hash",
    "answers",
    "red_flag_level",
    "priority",
    "red_flags",
    "export_cells",
    "export_hash",
    "distribution",
)


#: The tables seeding fills, analysed afterwards.
ANALYZED = (
    "submission",
    "submission_region",
    "submission_tally",
    "region_tally",
    "dashboard_day",
    "dashboard_week",
)
#: Rows written per transaction.
BATCH = 5000


def seed(
    session: Session, q: Questionnaire, count: int, days: int = 730, seed: int = 1
) -> int:
    """Insert `count` made-up submissions in batches, with each engine's fastest bulk
    path; return how many."""
    engine = session.get_bind().dialect.name
    # Seeding again, even with the same seed, must not draw a code already stored.
    taken = set(session.scalars(select(Submission.reference)))
    session.commit()  # each batch opens its own transaction, with its own options
    made = 0
    batch: list[Row] = []
    for row in rows(q, count, days, seed, taken):
        batch.append(row)
        if len(batch) == BATCH:
            made += _insert(session, engine, batch)
            batch = []
    if batch:
        made += _insert(session, engine, batch)
    tallies.rebuild(session)  # one pass over the table beats an upsert per row
    dashboard_recount.rebuild(session, q)
    snapshots.remember(session, q, utc_now().date())
    session.commit()
    # Fresh statistics for the query planner: without them PostgreSQL may scan a
    # million rows for what an index answers at once, until autovacuum catches up.
    for table in ANALYZED:
        session.execute(text(f"ANALYZE {table}"))
    session.commit()
    return made


def _insert(session: Session, engine: str, batch: list[Row]) -> int:
    # Made-up data need not survive a power cut: SQLite may skip the fsync on commit.
    connection = session.connection(execution_options={SKIP_FSYNC: True})
    numbered = list(
        zip(_reserve_ids(connection, engine, len(batch)), batch, strict=True)
    )
    submissions = [
        (
            id_,
            reference,
            day.isoformat(),
            status,
            triage_rank(status, patient.priority),
            *patient.values,
        )
        for id_, (reference, day, status, patient) in numbered
    ]
    write = _copy if engine == "postgresql" else _insert_many
    write(connection, "submission", COLUMNS, submissions)
    regions = [
        (id_, region)
        for id_, (_, _, _, patient) in numbered
        for region in patient.regions
    ]
    if regions:
        write(connection, "submission_region", ("submission_id", "region"), regions)
    session.commit()
    return len(batch)


def _reserve_ids(connection: Connection, engine: str, count: int) -> list[int]:
    """Take ids for a batch up front, so its regions need no read-back of the rows."""
    if engine == "postgresql":
        # The sequence hands out ids that no concurrent insert will also get.
        taken = connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('submission', 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"count": count},
        )
        return list(taken.scalars())
    # SQLite: this transaction began IMMEDIATE, holding the only write lock until the
    # batch commits, so no one else can take these ids meanwhile.
    highest = connection.execute(text("SELECT coalesce(max(id), 0) FROM submission"))
    start = int(highest.scalar_one()) + 1
    return list(range(start, start + count))


def _insert_many(
    connection: Connection,
    table: str,
    names: tuple[str, ...],
    values: list[tuple[Any, ...]],
) -> None:
    marks = ", ".join("?" for _ in names)
    # Table and column names are this module's constants; the values are bound.
    statement = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"  # noqa: S608
    connection.exec_driver_sql(statement, values)


def _copy(
    connection: Connection,
    table: str,
    names: tuple[str, ...],
    values: list[tuple[Any, ...]],
) -> None:
    """PostgreSQL's COPY: many times faster than INSERT. psycopg encodes each row
    (escaping, NULLs), so no text is assembled here by hand."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    # Table and column names are this module's constants.
    with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)
