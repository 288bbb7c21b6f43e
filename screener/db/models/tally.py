"""Running counts of submissions, kept in step with every write (see tallies.py)."""

from __future__ import annotations

import datetime as dt

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
    count: Mapped[int]


class RegionTally(Base):
    """The same, for each body region reported (a submission counts once per region)."""

    __tablename__ = "region_tally"

    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    priority: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int]


class SubmissionTotal(Base):
    """All-time counts for each status, urgency and version: the unfiltered queue's
    numbers in a handful of rows, however many days there are."""

    __tablename__ = "submission_total"

    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    priority: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int]


class RegionTotal(Base):
    """All-time counts by body region, status, urgency and version."""

    __tablename__ = "region_total"

    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    priority: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int]
