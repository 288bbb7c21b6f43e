"""Running counts of submissions: by day, status, urgency, version and distribution
pattern, by body region, and all-time totals of both.

Every write that changes what would be counted goes through here (submitting, a status
change, purging, seeding), as one upsert per tally row. The unfiltered queue reads the
totals, a few rows whatever the table holds; a date filter reads the days asked about.
Neither depends on how many submissions there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from ..db.models import PRIORITY
from ..db.models import STATUSES
from ..db.models import RegionTally
from ..db.models import RegionTotal
from ..db.models import Submission
from ..db.models import SubmissionRegion
from ..db.models import SubmissionTally
from ..db.models import SubmissionTotal
from .queue import QueueFilters

Tally = (
    type[SubmissionTally]
    | type[RegionTally]
    | type[SubmissionTotal]
    | type[RegionTotal]
)
#: One upsert: which tally, which row, and by how much.
Change = tuple[Tally, dict[str, Any], int]

#: The tallies' distribution for a submission that reported no region: a key column
#: cannot be NULL.
NO_PATTERN = ""
#: Each engine's INSERT ... ON CONFLICT DO UPDATE; the two have the same interface.
_UPSERTS: dict[str, Callable[..., sqlite.Insert | postgresql.Insert]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}


def upsert_for(session: Session) -> Callable[..., sqlite.Insert | postgresql.Insert]:
    """This engine's INSERT ... ON CONFLICT DO UPDATE."""
    return _UPSERTS[session.get_bind().dialect.name]


def _bump(session: Session, model: Tally, key: dict[str, Any], delta: int) -> None:
    """Add `delta` to one tally row, creating it if need be, in one statement."""
    upsert = upsert_for(session)
    keys = [column.name for column in model.__table__.primary_key]
    statement = upsert(model).values(**key, count=delta)
    change = {"count": model.count + delta}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=change))


def _changes(
    submission: Submission, delta: int, status: str | None = None
) -> list[Change]:
    total = {
        "status": status or submission.status,
        "priority": submission.priority,
        "version": submission.questionnaire_version,
        "distribution": submission.distribution or NO_PATTERN,
    }
    daily = {**total, "day": submission.submitted_on}
    changes: list[Change] = [
        (SubmissionTotal, total, delta),
        (SubmissionTally, daily, delta),
    ]
    for region in submission.region_codes:
        changes.append((RegionTotal, {**total, "region": region}, delta))
        changes.append((RegionTally, {**daily, "region": region}, delta))
    return changes


def _apply(session: Session, changes: list[Change]) -> None:
    """Upsert the changes in one fixed order (by table, then key), whatever the caller
    did: two transactions then always lock rows in the same order, so concurrent
    status changes cannot deadlock on PostgreSQL."""
    for model, key, delta in sorted(
        changes, key=lambda c: (c[0].__tablename__, sorted(c[1].items()))
    ):
        _bump(session, model, key, delta)


def record(
    session: Session, submission: Submission, delta: int = 1, status: str | None = None
) -> None:
    """Count a submission in (delta 1) or out (delta -1), under `status` if given."""
    _apply(session, _changes(submission, delta, status))


def move(session: Session, submission: Submission, old_status: str) -> None:
    """A status changed: count the submission under its new status, not the old."""
    _apply(
        session, _changes(submission, -1, status=old_status) + _changes(submission, +1)
    )


def forget_before(session: Session, day: dt.date) -> None:
    """Submissions sent before `day` were purged: so are their counts."""
    session.execute(delete(SubmissionTally).where(SubmissionTally.day < day))
    session.execute(delete(RegionTally).where(RegionTally.day < day))
    _totals_from_days(session)


def rebuild(session: Session) -> None:
    """Count everything again from the submissions (after a bulk load, or to repair)."""
    session.execute(delete(SubmissionTally))
    session.execute(delete(RegionTally))
    grouped = [
        Submission.submitted_on,
        Submission.status,
        Submission.priority,
        Submission.questionnaire_version,
        func.coalesce(Submission.distribution, NO_PATTERN),
    ]
    names = ["day", "status", "priority", "version", "distribution"]
    by_day = select(*grouped, func.count()).group_by(*grouped)
    session.execute(insert(SubmissionTally).from_select([*names, "count"], by_day))
    by_region = (
        select(SubmissionRegion.region, *grouped, func.count())
        .join(Submission, Submission.id == SubmissionRegion.submission_id)
        .group_by(SubmissionRegion.region, *grouped)
    )
    session.execute(
        insert(RegionTally).from_select(["region", *names, "count"], by_region)
    )
    _totals_from_days(session)


def _totals_from_days(session: Session) -> None:
    """The all-time totals are the daily counts added up; refresh them from those."""
    session.execute(delete(SubmissionTotal))
    session.execute(delete(RegionTotal))
    kept = [
        SubmissionTally.status,
        SubmissionTally.priority,
        SubmissionTally.version,
        SubmissionTally.distribution,
    ]
    session.execute(
        insert(SubmissionTotal).from_select(
            ["status", "priority", "version", "distribution", "count"],
            select(*kept, func.sum(SubmissionTally.count)).group_by(*kept),
        )
    )
    by_region = [
        RegionTally.region,
        RegionTally.status,
        RegionTally.priority,
        RegionTally.version,
        RegionTally.distribution,
    ]
    session.execute(
        insert(RegionTotal).from_select(
            ["region", "status", "priority", "version", "distribution", "count"],
            select(*by_region, func.sum(RegionTally.count)).group_by(*by_region),
        )
    )


def _source(filters: QueueFilters) -> Tally:
    if filters.since or filters.until:
        return RegionTally if filters.region else SubmissionTally
    return RegionTotal if filters.region else SubmissionTotal


def _conditions(
    model: Tally, filters: QueueFilters, skip: str
) -> list[ColumnElement[bool]]:
    """WHERE clauses for the filters; every tally table names its columns the same."""
    columns = model.__table__.c
    found: list[ColumnElement[bool]] = []
    if filters.since:
        found.append(columns.day >= filters.since)
    if filters.until:
        found.append(columns.day <= filters.until)
    if filters.status and skip != "status":
        found.append(columns.status == filters.status)
    if filters.level and skip != "level":
        found.append(columns.priority == PRIORITY[filters.level])
    if filters.version:
        found.append(columns.version == filters.version)
    if filters.region:
        found.append(columns.region == filters.region)
    if filters.pattern:
        found.append(columns.distribution == filters.pattern)
    return found


def counts(session: Session, filters: QueueFilters) -> dict[str, dict[str, int]]:
    """Exact counts for the filters, by status and by red-flag level (each ignoring its
    own filter, so the numbers say what choosing another status or level would give)."""
    model = _source(filters)
    by_status = dict(
        session.execute(
            select(model.status, func.sum(model.count))
            .where(*_conditions(model, filters, skip="status"))
            .group_by(model.status)
        ).all()
    )
    by_priority = dict(
        session.execute(
            select(model.priority, func.sum(model.count))
            .where(*_conditions(model, filters, skip="level"))
            .group_by(model.priority)
        ).all()
    )
    return {
        "status": {status: int(by_status.get(status) or 0) for status in STATUSES},
        "level": {
            lvl: int(by_priority.get(rank) or 0) for lvl, rank in PRIORITY.items()
        },
    }


def versions(session: Session) -> list[str]:
    """The questionnaire versions that submissions have answered."""
    found = select(SubmissionTotal.version).where(SubmissionTotal.count > 0).distinct()
    return sorted(session.scalars(found))


def per_day(
    session: Session, since: dt.date, until: dt.date
) -> list[tuple[dt.date, int, int]]:
    """(day, priority, count) for the days from `since` to `until`."""
    rows = session.execute(
        select(
            SubmissionTally.day,
            SubmissionTally.priority,
            func.sum(SubmissionTally.count),
        )
        .where(SubmissionTally.day.between(since, until))
        .group_by(SubmissionTally.day, SubmissionTally.priority)
    ).all()
    return [(day, priority, int(count)) for day, priority, count in rows]


def per_region(session: Session, since: dt.date, until: dt.date) -> dict[str, int]:
    """How many submissions reported each region, from `since` to `until`."""
    rows = session.execute(
        select(RegionTally.region, func.sum(RegionTally.count))
        .where(RegionTally.day.between(since, until))
        .group_by(RegionTally.region)
    ).all()
    return {region: int(count) for region, count in rows}
