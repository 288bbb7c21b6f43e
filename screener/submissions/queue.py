"""The staff triage queue: filters, order and keyset pagination over submissions.

Pages are found by the last row seen, never by OFFSET, and each order has an index
that the database walks backwards; a page costs the same at row 50 and row 999,950.
Counts come from the running tallies (tallies.py), not from counting rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy.orm import Session

from ..db.models import PRIORITY
from ..db.models import Submission
from ..db.models import SubmissionRegion
from . import references


@dataclass(frozen=True)
class QueueFilters:
    since: dt.date | None = None
    until: dt.date | None = None
    level: str | None = None
    region: str | None = None
    status: str | None = None
    version: str | None = None
    urgent_first: bool = False

    def describe(self) -> dict[str, Any]:
        """The filters that are set, as plain values (for the audit log and links)."""
        return {
            key: value.isoformat() if isinstance(value, dt.date) else value
            for key, value in asdict(self).items()
            if value not in (None, False)
        }


@dataclass(frozen=True)
class Cursor:
    """The sort key of the last row on a page; the next page starts after it."""

    priority: int
    submitted_on: dt.date
    id: int

    def encode(self) -> str:
        return f"{self.priority}.{self.submitted_on.isoformat()}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Read a cursor from a link; raise ValueError if it was not made here."""
        match = re.fullmatch(r"([0-3])\.(\d{4}-\d{2}-\d{2})\.(\d{1,18})", text)
        if not match:
            raise ValueError("not a page cursor")
        return cls(int(match[1]), dt.date.fromisoformat(match[2]), int(match[3]))


@dataclass(frozen=True)
class Page:
    rows: list[Submission]
    next_cursor: Cursor | None


def matching(filters: QueueFilters) -> Select[Submission]:
    """Select the submissions the filters allow, in no particular order."""
    query = select(Submission)
    if filters.since:
        query = query.where(Submission.submitted_on >= filters.since)
    if filters.until:
        query = query.where(Submission.submitted_on <= filters.until)
    if filters.level:
        query = query.where(Submission.priority == PRIORITY[filters.level])
    if filters.status:
        query = query.where(Submission.status == filters.status)
    if filters.version:
        query = query.where(Submission.questionnaire_version == filters.version)
    if filters.region:
        query = query.where(
            exists().where(
                SubmissionRegion.submission_id == Submission.id,
                SubmissionRegion.region == filters.region,
            )
        )
    return query


def in_order(query: Select[Submission], filters: QueueFilters) -> Select[Submission]:
    if filters.urgent_first:
        return query.order_by(
            Submission.priority.desc(),
            Submission.submitted_on.desc(),
            Submission.id.desc(),
        )
    return query.order_by(Submission.submitted_on.desc(), Submission.id.desc())


def page(
    session: Session, filters: QueueFilters, after: Cursor | None, size: int
) -> Page:
    """Return one page of the queue, starting after the given cursor."""
    query = in_order(matching(filters), filters)
    if after is not None:
        if filters.urgent_first:
            key = tuple_(Submission.priority, Submission.submitted_on, Submission.id)
            query = query.where(
                key < tuple_(after.priority, after.submitted_on, after.id)
            )
        else:
            key = tuple_(Submission.submitted_on, Submission.id)
            query = query.where(key < tuple_(after.submitted_on, after.id))
    rows = list(session.scalars(query.limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if more else None
    cursor = Cursor(last.priority, last.submitted_on, last.id) if last else None
    return Page(rows, cursor)


def normalise_reference(text: str) -> str | None:
    """Turn what someone typed or read out ("dys 7kq3m9px") into DYS-7KQ3-M9PX."""
    characters = references.typed_characters(text).removeprefix(references.PREFIX)
    if len(characters) != 8:
        return None
    return f"{references.PREFIX}-{characters[:4]}-{characters[4:]}"
