"""Running counts of submissions, kept in step with every write (see tallies.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date
from sqlalchemy import SmallInteger
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from .base import Base


class SubmissionTally(Base):
    """How many submissions there are for each day, status, urgency and version."""

    __tablename__ = "submission_tally"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    priority: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The submission's distribution pattern; "" when it reported no region.
    distribution: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int]


class RegionTally(Base):
    """The same, for each body region reported (a submission counts once per region)."""

    __tablename__ = "region_tally"

    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    priority: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The submission's distribution pattern; "" when it reported no region.
    distribution: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int]


class SubmissionTotal(Base):
    """All-time counts for each status, urgency and version: the unfiltered queue's
    numbers in a handful of rows, however many days there are."""

    __tablename__ = "submission_total"

    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    priority: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The submission's distribution pattern; "" when it reported no region.
    distribution: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int]


class RegionTotal(Base):
    """All-time counts by body region, status, urgency and version."""

    __tablename__ = "region_total"

    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    priority: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The submission's distribution pattern; "" when it reported no region.
    distribution: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int]


class DayCount(Base):
    """What the dashboard counts, for one day: submissions, each red-flag level, each
    body region and each indicator (the measures of submissions/dashboard_counts.py).
    Status plays no part, so only sending and purging change these."""

    __tablename__ = "dashboard_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    measure: Mapped[str] = mapped_column(String(48), primary_key=True)
    count: Mapped[int]


class WeekCount(Base):
    """The same added up by week (from its Monday), so that a window of ten years
    reads some five hundred rows per measure instead of some three and a half
    thousand."""

    __tablename__ = "dashboard_week"

    week: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    measure: Mapped[str] = mapped_column(String(48), primary_key=True)
    count: Mapped[int]


class CountedIndicator(Base):
    """A dashboard indicator whose counts are complete: every stored submission has
    been tested against its condition. Every submission sent from then on is tested
    against the condition kept here, whichever questions.yaml the sending process
    has, so the counts stay complete across versions."""

    __tablename__ = "dashboard_indicator"

    #: The start of the sha256 of the condition (dashboard_counts.indicator_key).
    key: Mapped[str] = mapped_column(String(16), primary_key=True)
    condition: Mapped[dict[str, Any]]
