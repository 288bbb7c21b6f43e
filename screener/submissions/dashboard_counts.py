"""Running counts for the staff dashboard, by day and by week: submissions, each
red-flag level, each body region reported and each indicator (questions.yaml's
`dashboard:`) that holds.

The dashboard used to test every indicator against every submission's answers in its
window, so it slowed with the number of submissions (4.4 s for ten years of 20,000).
Now each submission is counted once, when it is stored, and a window reads a row per
week and measure (and per day at its ragged ends), however many submissions it holds.

An indicator is known by its condition (`indicator_key`), not by its label: a new
label needs no recount, and a changed condition is a new indicator. An indicator is
counted once every stored submission has been tested against it (dashboard_recount.py
does that, and records it in `CountedIndicator` with its condition). From then on
every submission sent is tested against the conditions recorded there, whichever
questions.yaml the sending process has, so the counts hold across versions. Until
then the dashboard counts that indicator over the answers, as it always did.

Status plays no part: only sending and purging change these counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

import orjson
from pydantic import TypeAdapter
from sqlalchemy import CompoundSelect
from sqlalchemy import Date
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy import union_all
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session

from ..db.models import CountedIndicator
from ..db.models import DayCount
from ..db.models import Submission
from ..db.models import WeekCount
from ..questionnaire.conditions import Test
from ..questionnaire.conditions import compile_condition
from ..questionnaire.levels import NONE
from ..questionnaire.model import Condition
from .tallies import upsert_for

#: A measure is what one count row counts: every submission, or those with a red-flag
#: level, a body region, or an indicator holding.
SUBMISSIONS = "submissions"
Counts = Counter[tuple[dt.date, str]]
Model = type[DayCount] | type[WeekCount]


def level_measure(level: str) -> str:
    return f"level:{level}"


def region_measure(region: str) -> str:
    return f"region:{region}"


def indicator_measure(key: str) -> str:
    return f"indicator:{key}"


def indicator_key(condition: Condition) -> str:
    """An indicator's identity: its condition, written canonically and hashed."""
    written = orjson.dumps(condition_data(condition), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(written).hexdigest()[:16]


def condition_data(condition: Condition) -> dict[str, Any]:
    data: dict[str, Any] = _CONDITION.dump_python(
        condition, mode="json", exclude_none=True
    )
    return data


_CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)
#: Compiled conditions of counted indicators, by key. A key is a hash of its
#: condition, so an entry can never go stale.
_COMPILED: dict[str, Test] = {}


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- Writing --------------------------------------------------------------------


def lock(session: Session, exclusive: bool = False) -> None:
    """On PostgreSQL, order sending against counting (dashboard_recount.py): each sender
    holds a shared lock from before it reads which indicators are counted until it
    commits, and counting or forgetting holds it alone. (SQLite lets one writer in at
    a time anyway; a statement-at-a-time connection has no transaction to lock in.)"""
    connection = session.connection()
    if (
        connection.dialect.name != "postgresql"
        or connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    ):
        return
    mode = "SHARE ROW EXCLUSIVE" if exclusive else "ROW EXCLUSIVE"
    session.execute(text(f"LOCK TABLE {CountedIndicator.__tablename__} IN {mode} MODE"))


def counted_keys(session: Session) -> set[str]:
    """The indicators whose counts are complete."""
    return set(session.scalars(select(CountedIndicator.key)))


def counted_tests(session: Session) -> dict[str, Test]:
    """The counted indicators, as tests of the answers, by key."""
    tests = {}
    for key, condition in session.execute(
        select(CountedIndicator.key, CountedIndicator.condition)
    ):
        if key not in _COMPILED:
            _COMPILED[key] = compile_condition(_CONDITION.validate_python(condition))
        tests[key] = _COMPILED[key]
    return tests


def base_measures(submission: Submission) -> list[str]:
    """What is counted of a submission without reading its answers."""
    measures = [SUBMISSIONS]
    if submission.red_flag_level != NONE.code:
        measures.append(level_measure(submission.red_flag_level))
    measures += [region_measure(code) for code in submission.region_codes]
    return measures


def record(session: Session, submission: Submission) -> None:
    """Count a submission just stored, in the caller's transaction."""
    lock(session)
    measures = base_measures(submission)
    measures += [
        indicator_measure(key)
        for key, test in counted_tests(session).items()
        if test(submission.answers)
    ]
    add(session, Counter((submission.submitted_on, m) for m in measures))


def add(session: Session, counts: Counts) -> None:
    """Add counts by day, to the days and to their weeks: one statement, run for
    each row. Rows go in one fixed order, so concurrent senders lock them alike and
    cannot deadlock."""
    weeks: Counts = Counter()
    for (day, measure), count in counts.items():
        weeks[(monday(day), measure)] += count
    for model, period, added in ((DayCount, "day", counts), (WeekCount, "week", weeks)):
        if not added:
            continue
        table = model.__table__
        statement = upsert_for(session)(table)
        statement = statement.on_conflict_do_update(
            index_elements=[period, "measure"],
            set_={"count": table.c.count + statement.excluded["count"]},
        )
        session.connection().execute(
            statement,
            [
                {period: day, "measure": measure, "count": count}
                for (day, measure), count in sorted(added.items())
            ],
        )


def forget_before(session: Session, day: dt.date) -> None:
    """Submissions sent before `day` were purged: so are their counts. The week that
    `day` falls in is added up again from the days left of it."""
    lock(session, exclusive=True)
    session.execute(delete(DayCount).where(DayCount.day < day))
    session.execute(delete(WeekCount).where(WeekCount.week <= monday(day)))
    week_left = (
        select(literal(monday(day), Date), DayCount.measure, func.sum(DayCount.count))
        .where(DayCount.day.between(day, monday(day) + dt.timedelta(days=6)))
        .group_by(DayCount.measure)
    )
    session.execute(
        insert(WeekCount).from_select(["week", "measure", "count"], week_left)
    )


def forget_indicators(session: Session, keys: Iterable[str]) -> None:
    """Stop counting these indicators, and drop their counts."""
    keys = list(keys)
    measures = [indicator_measure(key) for key in keys]
    session.execute(delete(DayCount).where(DayCount.measure.in_(measures)))
    session.execute(delete(WeekCount).where(WeekCount.measure.in_(measures)))
    session.execute(delete(CountedIndicator).where(CountedIndicator.key.in_(keys)))


# --- Reading --------------------------------------------------------------------


def _rows(
    since: dt.date, until: dt.date, measures: list[str] | None
) -> CompoundSelect[dt.date, str, int]:
    """(period start, measure, count) rows that add up to the window: whole weeks from
    the weekly counts, the days before the first and after the last from the daily."""
    end = until + dt.timedelta(days=1)
    first_week, after_weeks = monday(since + dt.timedelta(days=6)), monday(end)
    # Each span is half-open: [start, stop).
    spans: list[tuple[Model, InstrumentedAttribute[dt.date], dt.date, dt.date]] = [
        (WeekCount, WeekCount.week, first_week, after_weeks),
        (DayCount, DayCount.day, since, first_week),
        (DayCount, DayCount.day, after_weeks, end),
    ]
    if first_week >= after_weeks:  # no whole week
        spans = [(DayCount, DayCount.day, since, end)]
    parts = []
    for model, period, start, stop in spans:
        if start < stop:
            part = select(period.label("period"), model.measure, model.count).where(
                period >= start, period < stop
            )
            if measures is not None:
                part = part.where(model.measure.in_(measures))
            parts.append(part)
    return union_all(*parts)


def totals(session: Session, since: dt.date, until: dt.date) -> dict[str, int]:
    """Every measure's count from `since` to `until`, both included."""
    rows = _rows(since, until, None).subquery()
    summed = select(rows.c.measure, func.sum(rows.c.count)).group_by(rows.c.measure)
    return {measure: int(count) for measure, count in session.execute(summed)}


def by_week(
    session: Session, since: dt.date, until: dt.date, measures: list[str]
) -> Counts:
    """The measures' counts for each week (by its Monday) from `since` to `until`."""
    weeks: Counts = Counter()
    for period, measure, count in session.execute(_rows(since, until, measures)):
        weeks[(monday(period), measure)] += count
    return weeks
