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
    #: A staff username, "cli" for a command, or "anonymous" for a failed sign-in.
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    #: What it was done to: a reference code or a username.
    target: Mapped[str | None] = mapped_column(String(64), default=None)
    #: Filters, counts, old and new values: never answers or passwords.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


_REFUSE = "audit_event is append-only"


def _after_create(dialect: str, sql: str) -> None:
    ddl = DDL(sql)  # type: ignore[no-untyped-call]  # SQLAlchemy leaves DDL() untyped
    event.listen(AuditEvent.__table__, "after_create", ddl.execute_if(dialect=dialect))


for _change in ("UPDATE", "DELETE"):
    _after_create(
        "sqlite",
        f"CREATE TRIGGER audit_event_no_{_change.lower()} "
        f"BEFORE {_change} ON audit_event "
        f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END;",
    )
_after_create(
    "postgresql",
    "CREATE FUNCTION audit_event_refuse() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{_REFUSE}'; END $$; "
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse();",
)
