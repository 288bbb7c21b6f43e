"""The staff triage queue: filters, order and keyset pagination over submissions.

Pages are found by the last row seen, never by OFFSET, and each order has an index
that the database walks backwards; a page costs the same at row 50 and row 999,950.
Counts come from the running tallies (tallies.py), not from counting rows.

The default order ("triage") puts the submissions nobody has reviewed yet first, most
urgent first and newest first within a level, then every other one, newest first: a
reviewed emergency no longer sits above today's new ones.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import fields
from typing import Any
from typing import Literal

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy.orm import Session

from ..db.models import PRIORITY
from ..db.models import STATUSES
from ..db.models import UNREVIEWED
from ..db.models import RegionTotal
from ..db.models import Submission
from ..db.models import SubmissionRegion
from ..db.models import SubmissionTotal
from ..db.models import triage_rank
from . import references

Order = Literal["triage", "newest", "urgent"]
#: Each order's sort key, read backwards; each is the key of an index.
SORT_KEYS: dict[Order, tuple[Any, ...]] = {
    "triage": (Submission.triage_rank, Submission.submitted_on, Submission.id),
    "newest": (Submission.submitted_on, Submission.id),
    "urgent": (Submission.priority, Submission.submitted_on, Submission.id),
}


@dataclass(frozen=True)
class QueueFilters:
    since: dt.date | None = None
    until: dt.date | None = None
    level: str | None = None
    region: str | None = None
    #: A staff-only distribution pattern (triage/distribution.py).
    pattern: str | None = None
    status: str | None = None
    version: str | None = None
    order: Order = "triage"

    def describe(self) -> dict[str, Any]:
        """The filters and order that are not the defaults, as plain values (for the
        audit log and links)."""
        found = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None and value != field.default:
                found[field.name] = (
                    value.isoformat() if isinstance(value, dt.date) else value
                )
        return found


@dataclass(frozen=True)
class Cursor:
    """The sort key of the last row on a page; the next page starts after it. `rank`
    is its triage rank or its priority, whichever the page sorts on first (0 when it
    sorts on the date alone)."""

    rank: int
    submitted_on: dt.date
    id: int

    def encode(self) -> str:
        return f"{self.rank}.{self.submitted_on.isoformat()}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Read a cursor from a link; raise ValueError if it was not made here."""
        match = re.fullmatch(r"([0-4])\.(\d{4}-\d{2}-\d{2})\.(\d{1,18})", text)
        if not match:
            raise ValueError("not a page cursor")
        return cls(int(match[1]), dt.date.fromisoformat(match[2]), int(match[3]))

    @classmethod
    def after(cls, row: Submission, key: tuple[Any, ...]) -> Cursor:
        rank = getattr(row, key[0].key) if len(key) == 3 else 0
        return cls(rank, row.submitted_on, row.id)

    def values(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """The values to compare with the sort key's columns."""
        return (self.rank, self.submitted_on, self.id)[-len(key) :]


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
    if filters.status and not _rank_says_status(filters):
        query = query.where(Submission.status == filters.status)
    if filters.version:
        query = query.where(Submission.questionnaire_version == filters.version)
    if filters.pattern:
        query = query.where(Submission.distribution == filters.pattern)
    if filters.region:
        query = query.where(
            exists().where(
                SubmissionRegion.submission_id == Submission.id,
                SubmissionRegion.region == filters.region,
            )
        )
    return query.where(*_rank_conditions(filters))


def triage_ranks(filters: QueueFilters) -> list[int]:
    """The triage ranks of the submissions a status and a level filter allow."""
    statuses = [filters.status] if filters.status else STATUSES
    priorities = [PRIORITY[filters.level]] if filters.level else PRIORITY.values()
    return sorted({triage_rank(s, p) for s in statuses for p in priorities})


def _rank_says_status(filters: QueueFilters) -> bool:
    """In the triage order, "new" is said as its ranks (1 to 4, the CHECK constraint
    ties them), which the triage index serves in order; `status = 'new'` would lead
    the databases to the status index, then to sorting every new submission."""
    return filters.order == "triage" and filters.status == UNREVIEWED


def _rank_conditions(filters: QueueFilters) -> list[ColumnElement[bool]]:
    """In the triage order, the ranks a level filter (or "new") leaves, said outright:
    the databases then read just those stretches of the triage index, instead of
    walking past, say, every new routine submission to reach a reviewed emergency.
    Another status needs none: it leaves rank 0 alone, and its own index serves it."""
    if filters.order != "triage" or not (filters.level or filters.status):
        return []
    if filters.status and not _rank_says_status(filters):
        return []
    # Both databases read a list of values of an index's first column in order.
    return [Submission.triage_rank.in_(triage_ranks(filters))]


def sort_key(filters: QueueFilters) -> tuple[Any, ...]:
    """The columns a page sorts on, each read backwards. A triage order that the
    filters leave a single rank (another status than new, or new and a level) is
    newest first within it: the status's index, or the triage index, serves that."""
    if filters.order == "triage" and len(triage_ranks(filters)) == 1:
        return SORT_KEYS["newest"]
    return SORT_KEYS[filters.order]


def in_order(query: Select[Submission], filters: QueueFilters) -> Select[Submission]:
    return query.order_by(*(column.desc() for column in sort_key(filters)))


def page(
    session: Session, filters: QueueFilters, after: Cursor | None, size: int
) -> Page:
    """Return one page of the queue, starting after the given cursor."""
    query = in_order(matching(filters), filters)
    key = sort_key(filters)
    query = query.where(*_stretches_held(session, filters, key))
    if after is not None:
        query = query.where(tuple_(*key) < tuple_(*after.values(key)))
    rows = list(session.scalars(query.limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, Cursor.after(rows[-1], key) if more else None)


def _stretches_held(
    session: Session, filters: QueueFilters, key: tuple[Any, ...]
) -> list[ColumnElement[bool]]:
    """With a region or pattern filter, an order led by rank or priority reads only
    the values that the running totals say hold a submission with that region or
    pattern. Without this, a page would walk past every new emergency, say, to find
    none with the region, and that walk grows with the table."""
    if not (filters.region or filters.pattern) or len(key) == 2:
        return []
    total = RegionTotal if filters.region else SubmissionTotal
    held = select(total.status, total.priority).where(total.count > 0)
    if filters.region:
        held = held.where(RegionTotal.region == filters.region)
    if filters.pattern:
        held = held.where(total.distribution == filters.pattern)
    if filters.version:
        held = held.where(total.version == filters.version)
    found = session.execute(held).all()
    if filters.order == "triage":
        return [key[0].in_(sorted({triage_rank(s, p) for s, p in found}))]
    return [key[0].in_(sorted({priority for _status, priority in found}))]


def normalise_reference(text: str) -> str | None:
    """Turn what someone typed or read out ("dys 7kq3m9px") into DYS-7KQ3-M9PX."""
    characters = references.typed_characters(text).removeprefix(references.PREFIX)
    if len(characters) != 8:
        return None
    return f"{references.PREFIX}-{characters[:4]}-{characters[4:]}"
