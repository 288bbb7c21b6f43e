"""The time as the database keeps it: naive UTC, on every engine."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """Now, in UTC without a time zone: the form stored in every table."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
