"""Figures for the staff dashboard, over a window of weeks.

Everything comes from running counts by week and by day (submissions/
dashboard_counts.py), so a window costs about the same however many submissions it
holds. An indicator not counted yet (new in questions.yaml, or its condition changed,
until `flask count-dashboard` has run) is counted over the window's answers instead:
the figures are the same either way, only slower.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Submission
from ..questionnaire import Questionnaire
from ..questionnaire.conditions import compile_condition
from ..questionnaire.levels import RED_FLAG_LEVELS
from ..submissions import dashboard_counts
from ..submissions.dashboard_counts import indicator_measure
from ..submissions.dashboard_counts import monday as monday
from ..submissions.dashboard_counts import region_measure

FLAG_LEVELS = RED_FLAG_LEVELS


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class Week:
    starts: dt.date
    submissions: int = 0
    flags: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Dashboard:
    since: dt.date
    until: dt.date
    total: int
    weeks: list[Week]
    regions: list[Share]
    #: Section title, then the share of submissions for each of its indicators.
    sections: list[tuple[str, list[Share]]]


#: The longest window the dashboard draws, in weeks: ten years. Unbounded, one request
#: for `since=9999-12-31` built 414,000 weeks (84 MiB, 8.8 s) and a worker was killed.
MAX_WEEKS = 520


def window(
    since: dt.date | None, until: dt.date | None, today: dt.date, default_weeks: int
) -> tuple[dt.date, dt.date]:
    """The dates to count: those asked for, kept within the last MAX_WEEKS weeks up to
    today; by default the `default_weeks` weeks up to `until`."""
    earliest = monday(today) - dt.timedelta(weeks=MAX_WEEKS - 1)

    def bounded(day: dt.date) -> dt.date:
        return min(max(day, earliest), today)

    until = bounded(until or today)
    if since is None:
        since = monday(until) - dt.timedelta(weeks=default_weeks - 1)
    since = bounded(since)
    return (until, since) if since > until else (since, until)


def build(
    session: Session, q: Questionnaire, since: dt.date, until: dt.date
) -> Dashboard:
    """Count what came in between `since` and `until`, both included."""
    totals = dashboard_counts.totals(session, since, until)
    total = totals.get(dashboard_counts.SUBMISSIONS, 0)
    return Dashboard(
        since=since,
        until=until,
        total=total,
        weeks=_weeks(session, since, until),
        regions=[
            Share(choice.label, totals.get(region_measure(choice.code), 0), total)
            for choice in q.regions
        ],
        sections=_sections(session, q, since, until, totals),
    )


def _weeks(session: Session, since: dt.date, until: dt.date) -> list[Week]:
    measures = {level: dashboard_counts.level_measure(level) for level in FLAG_LEVELS}
    counted = dashboard_counts.by_week(
        session, since, until, [dashboard_counts.SUBMISSIONS, *measures.values()]
    )
    weeks = (until - monday(since)).days // 7 + 1
    starts = [monday(since) + dt.timedelta(weeks=n) for n in range(weeks)]
    return [
        Week(
            start,
            counted[(start, dashboard_counts.SUBMISSIONS)],
            {level: counted[(start, measure)] for level, measure in measures.items()},
        )
        for start in starts
    ]


def _sections(
    session: Session,
    q: Questionnaire,
    since: dt.date,
    until: dt.date,
    totals: dict[str, int],
) -> list[tuple[str, list[Share]]]:
    total = totals.get(dashboard_counts.SUBMISSIONS, 0)
    keys = [
        dashboard_counts.indicator_key(indicator.when)
        for block in q.file.dashboard
        for indicator in block.indicators
    ]
    counted = dashboard_counts.counted_keys(session)
    hits = {key: totals.get(indicator_measure(key), 0) for key in counted}
    hits |= _count_over_answers(
        session, q, since, until, {key for key in keys if key not in counted}
    )
    shares = iter(keys)
    titles = {section.id: section.title for section in q.file.sections}
    return [
        (
            titles[block.section],
            [
                Share(indicator.label, hits[next(shares)], total)
                for indicator in block.indicators
            ],
        )
        for block in q.file.dashboard
    ]


def _count_over_answers(
    session: Session, q: Questionnaire, since: dt.date, until: dt.date, keys: set[str]
) -> dict[str, int]:
    """Count indicators that have no running counts yet, over the window's answers."""
    if not keys:
        return {}
    tests = {
        key: compile_condition(indicator.when)
        for block in q.file.dashboard
        for indicator in block.indicators
        if (key := dashboard_counts.indicator_key(indicator.when)) in keys
    }
    hits = dict.fromkeys(tests, 0)
    answers = session.scalars(
        select(Submission.answers)
        .where(Submission.submitted_on.between(since, until))
        .execution_options(yield_per=1000)
    )
    for answered in answers:
        for key, test in tests.items():
            hits[key] += test(answered)
    return hits
