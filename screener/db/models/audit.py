"""The audit log: an append-only record of who did what, and when.

The database itself refuses to change or delete a row (triggers on SQLite and
PostgreSQL), so no code path, buggy or not, can rewrite history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DDL
from sqlalchemy import DateTime
from sqlalchemy import String
from sqlalchemy import event
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from .base import Base


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: UTC.
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    #: A staff username, "cli" for a command, "anonymous" for a failed sign-in, or
    #: "patient" (audit.PATIENT) for a patient's resume code.
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    #: What it was done to: a reference code or a username.
    target: Mapped[str | None] = mapped_column(String(64), default=None)
    #: Filters, counts, old and new values: never answers or passwords.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


_REFUSE = "audit_event is append-only"
#: The statements that make the log append-only, per dialect: run after the table is
#: created, by `create_all` here and by migration 0001. One definition for both; a
#: change to them needs a new migration for databases made before it.
APPEND_ONLY_SQL: dict[str, tuple[str, ...]] = {
    "sqlite": tuple(
        f"CREATE TRIGGER audit_event_no_{change.lower()} BEFORE {change} "
        f"ON audit_event BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END;"
        for change in ("UPDATE", "DELETE")
    ),
    "postgresql": (
        "CREATE FUNCTION audit_event_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{_REFUSE}'; END $$",
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()",
    ),
}

for _dialect, _statements in APPEND_ONLY_SQL.items():
    for _statement in _statements:
        _ddl = DDL(_statement)  # type: ignore[no-untyped-call]  # DDL() is untyped
        event.listen(
            AuditEvent.__table__, "after_create", _ddl.execute_if(dialect=_dialect)
        )
