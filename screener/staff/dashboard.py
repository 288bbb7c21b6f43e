"""Figures for the staff dashboard, over a window of weeks.

Weekly counts and body regions come from the running tallies, by day, folded into
weeks here. The per-section indicators need each submission's answers, so they are
counted over the window only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import ColumnElement
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import PRIORITY
from ..db.models import Submission
from ..questionnaire import Questionnaire
from ..questionnaire import holds
from ..questionnaire.levels import RED_FLAG_LEVELS
from ..submissions import tallies

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


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


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
    weeks = _weeks(session, since, until)
    total = sum(week.submissions for week in weeks)
    window = Submission.submitted_on.between(since, until)
    return Dashboard(
        since=since,
        until=until,
        total=total,
        weeks=weeks,
        regions=_regions(session, q, since, until, total),
        sections=_sections(session, q, window, total),
    )


def _weeks(session: Session, since: dt.date, until: dt.date) -> list[Week]:
    submissions: Counter[dt.date] = Counter()
    flags: dict[dt.date, Counter[str]] = {}
    levels = {rank: level for level, rank in PRIORITY.items()}
    for day, priority, count in tallies.per_day(session, since, until):
        submissions[monday(day)] += count
        if levels[priority] in FLAG_LEVELS:
            flags.setdefault(monday(day), Counter())[levels[priority]] += count
    weeks = (until - monday(since)).days // 7 + 1
    starts = [monday(since) + dt.timedelta(weeks=n) for n in range(weeks)]
    return [
        Week(
            start,
            submissions[start],
            {level: flags.get(start, Counter())[level] for level in FLAG_LEVELS},
        )
        for start in starts
    ]


def _regions(
    session: Session, q: Questionnaire, since: dt.date, until: dt.date, total: int
) -> list[Share]:
    counted = tallies.per_region(session, since, until)
    return [
        Share(choice.label, counted.get(choice.code, 0), total) for choice in q.regions
    ]


def _sections(
    session: Session, q: Questionnaire, window: ColumnElement[bool], total: int
) -> list[tuple[str, list[Share]]]:
    indicators = [
        indicator for block in q.file.dashboard for indicator in block.indicators
    ]
    hits: Counter[int] = Counter()
    answers = session.scalars(
        select(Submission.answers).where(window).execution_options(yield_per=1000)
    )
    for answered in answers:
        hits.update(
            n
            for n, indicator in enumerate(indicators)
            if holds(indicator.when, answered)
        )
    shares = iter(
        Share(indicator.label, hits[n], total) for n, indicator in enumerate(indicators)
    )
    titles = {section.id: section.title for section in q.file.sections}
    return [
        (titles[block.section], [next(shares) for _ in block.indicators])
        for block in q.file.dashboard
    ]
