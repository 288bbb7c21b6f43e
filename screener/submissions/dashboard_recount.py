"""Counting the dashboard's indicators over the stored submissions: after publishing a
questions.yaml whose indicators are new or have a changed condition (`flask
count-dashboard`), and after a bulk load (`rebuild`).

It reads the submissions a few weeks at a time, oldest first, each batch in a
transaction of its own, so no lock is held for long: a patient sending their answers
meanwhile waits for one batch at most (on SQLite, well within the busy timeout), not
for the whole count. The newest batch, which takes in every week from its first on,
marks the indicators as counted in the same transaction, holding the lock that every
sender takes before it reads which indicators are counted (dashboard_counts.lock): so
each submission is either seen by that batch or counted as it is sent, never both and
never neither. Only the newest batch can meet a sender, because submissions are dated
the day they are sent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import ColumnElement
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session

from ..db.models import CountedIndicator
from ..db.models import DayCount
from ..db.models import RegionTally
from ..db.models import Submission
from ..db.models import SubmissionTally
from ..db.models import WeekCount
from ..questionnaire import Questionnaire
from ..questionnaire.conditions import compile_condition
from ..questionnaire.levels import LEVELS
from ..questionnaire.model import Condition
from . import dashboard_counts as counts
from .tallies import upsert_for

#: About how many submissions each transaction reads.
BATCH = 20_000


@dataclass(frozen=True)
class Recounted:
    #: Indicators counted now, and indicators no longer in questions.yaml forgotten.
    counted: int
    forgotten: int
    #: Submissions read to count them.
    submissions: int


def indicator_conditions(q: Questionnaire) -> dict[str, Condition]:
    """The questionnaire's indicators, as conditions by key."""
    return {
        counts.indicator_key(indicator.when): indicator.when
        for block in q.file.dashboard
        for indicator in block.indicators
    }


def count_new(session: Session, q: Questionnaire) -> Recounted:
    """Count the questionnaire's indicators that are not counted yet, and stop
    counting those it no longer has. Commits as it goes."""
    wanted = indicator_conditions(q)
    have = counts.counted_keys(session)
    stale = have - wanted.keys()
    if stale:
        counts.lock(session, exclusive=True)
        counts.forget_indicators(session, stale)
        session.commit()
    new = {key: condition for key, condition in wanted.items() if key not in have}
    read = _count(session, new) if new else 0
    return Recounted(len(new), len(stale), read)


def rebuild(session: Session, q: Questionnaire) -> None:
    """Count everything again, after a bulk load: submissions, levels and regions
    from the queue's tallies, rebuilt first (they hold the same counts by day, split by
    status, urgency and version besides), and every indicator over the answers."""
    counts.lock(session, exclusive=True)
    for model in (DayCount, WeekCount, CountedIndicator):
        session.execute(delete(model))
    level_of = {level.priority: level.code for level in LEVELS}
    added: counts.Counts = Counter()
    by_priority = select(
        SubmissionTally.day, SubmissionTally.priority, func.sum(SubmissionTally.count)
    ).group_by(SubmissionTally.day, SubmissionTally.priority)
    for day, priority, count in session.execute(by_priority):
        added[(day, counts.SUBMISSIONS)] += count
        if priority in level_of:
            added[(day, counts.level_measure(level_of[priority]))] += count
    by_region = select(
        RegionTally.day, RegionTally.region, func.sum(RegionTally.count)
    ).group_by(RegionTally.day, RegionTally.region)
    for day, region, count in session.execute(by_region):
        added[(day, counts.region_measure(region))] += count
    counts.add(session, added)
    session.commit()
    _count(session, indicator_conditions(q))


def _count(session: Session, conditions: dict[str, Condition]) -> int:
    """Count these indicators over every submission, then mark them counted."""
    if not conditions:
        return 0
    tests = {
        counts.indicator_measure(k): compile_condition(c) for k, c in conditions.items()
    }
    batches = _batches(session)
    read = 0
    for number, (start, stop) in enumerate(batches):
        counts.lock(session, exclusive=True)
        for model, period in ((DayCount, DayCount.day), (WeekCount, WeekCount.week)):
            session.execute(
                delete(model).where(
                    model.measure.in_(list(tests)), *_within(period, start, stop)
                )
            )
        found: counts.Counts = Counter()
        answered = select(Submission.submitted_on, Submission.answers).where(
            *_within(Submission.submitted_on, start, stop)
        )
        for day, answers in session.execute(answered.execution_options(yield_per=1000)):
            read += 1
            found.update(
                (day, measure) for measure, test in tests.items() if test(answers)
            )
        counts.add(session, found)
        if number == len(batches) - 1:
            # Another count that finished first may have marked some already.
            marked = upsert_for(session)(CountedIndicator).values(
                [
                    {"key": key, "condition": counts.condition_data(condition)}
                    for key, condition in conditions.items()
                ]
            )
            session.execute(marked.on_conflict_do_nothing())
        session.commit()
    return read


Bound = dt.date | None


def _batches(session: Session) -> list[tuple[Bound, Bound]]:
    """Whole weeks, oldest first, about BATCH submissions each; the first is open at
    its start and the last at its end, so that together they take in every day."""
    cuts: list[Bound] = [None]
    running = 0
    weekly = (
        select(WeekCount.week, WeekCount.count)
        .where(WeekCount.measure == counts.SUBMISSIONS)
        .order_by(WeekCount.week)
    )
    for week, count in session.execute(weekly):
        if running >= BATCH:
            cuts.append(week)
            running = 0
        running += count
    cuts.append(None)
    return list(pairwise(cuts))


def _within(
    period: InstrumentedAttribute[dt.date], start: Bound, stop: Bound
) -> list[ColumnElement[bool]]:
    return [
        *([period >= start] if start else []),
        *([period < stop] if stop else []),
    ]
