"""Recording and reading the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy import select
from sqlalchemy.orm import Session

from .clock import utc_now
from .models import AuditEvent

#: Everything the log records. Strings, so old rows stay readable if this grows.
ACTIONS = (
    "login_succeeded",
    "login_failed",
    "code_failed",
    "login_refused_locked",
    "account_locked",
    "logout",
    "submission_viewed",
    "status_changed",
    "note_added",
    "export",
    "data_dictionary",
    "staff_created",
    "password_changed",
    "staff_deactivated",
    "staff_reactivated",
    "staff_unlocked",
    "role_changed",
    "two_factor_enabled",
    "two_factor_reset",
    "purge",
    # A patient's resume code (never the code, its hash or the address it came from).
    "resume_code_given",
    "resume_code_used",
    "resume_code_wrong",
    "resume_code_throttled",
)
#: The actor of every event a patient causes: nothing more about who it was.
PATIENT = "patient"


def record(
    session: Session,
    actor: str,
    action: str,
    target: str | None = None,
    at: dt.datetime | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an event to the log (the caller's transaction commits it)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        at=at or utc_now(),
        actor=actor,
        action=action,
        target=target,
        details=details,
    )
    session.add(event)
    return event


def record_for_patient(session: Session, action: str, **details: Any) -> AuditEvent:
    """Add a patient's event, timed to the hour it happened in, never more exactly:
    nothing kept about a patient may carry an exact time, which could be matched with
    when someone was at a screen. (Staff events keep the exact time.)"""
    hour = utc_now().replace(minute=0, second=0, microsecond=0)
    return record(session, PATIENT, action, at=hour, **details)


#: Row ids are the database's INTEGER: 32-bit signed on PostgreSQL.
_LARGEST_ID = 2**31 - 1


def event_id(text: str) -> int:
    """Read an event id from a query string; ValueError for anything not a row id
    (a query with a larger number would fail in PostgreSQL, not find nothing)."""
    number = int(text)
    if not 0 < number <= _LARGEST_ID:
        raise ValueError(f"not an event id: {text!r}")
    return number


@dataclass(frozen=True)
class AuditFilters:
    actor: str | None = None
    action: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    before_id: int | None = None


def events(filters: AuditFilters, limit: int) -> Select[AuditEvent]:
    """Select matching events, newest first, from before `before_id` (keyset)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if filters.actor:
        query = query.where(AuditEvent.actor == filters.actor.lower())
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.since:
        query = query.where(
            AuditEvent.at >= dt.datetime.combine(filters.since, dt.time())
        )
    if filters.until:
        end = dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time())
        query = query.where(AuditEvent.at < end)
    if filters.before_id:
        query = query.where(AuditEvent.id < filters.before_id)
    return query
