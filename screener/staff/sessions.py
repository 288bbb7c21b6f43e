"""Browsers staff use: signed-in sessions, and browsers that signed in before.

Both are found through a random token in a cookie, of which only the sha256 is stored.
Sessions live in the database: signing out, a password change or deactivation deletes
them, and a copied cookie stops working at once. A browser that signed in before
("device cookie", OWASP) may still try to sign in while wrong passwords from elsewhere
lock the account (see `auth.check_password`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..db import audit
from ..db.clock import utc_now
from ..db.models import StaffDevice
from ..db.models import StaffSession
from ..db.models import StaffUser


@dataclass(frozen=True)
class SessionPolicy:
    idle: dt.timedelta
    absolute: dt.timedelta


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    session: Session, staff: StaffUser, now: dt.datetime | None = None
) -> str:
    """Create a signed-in session; return the token for the cookie."""
    now = now or utc_now()
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=_digest(token),
            staff_id=staff.id,
            started_at=now,
            last_seen_at=now,
        )
    )
    return token


def load_session(
    session: Session,
    token: str | None,
    policy: SessionPolicy,
    now: dt.datetime | None = None,
) -> StaffSession | None:
    """Return the live session for this token; end it if it has timed out."""
    if not token:
        return None
    now = now or utc_now()
    row = session.get(StaffSession, _digest(token))
    if row is None:
        return None
    if (
        not row.staff.active
        or now - row.last_seen_at > policy.idle
        or now - row.started_at > policy.absolute
    ):
        session.delete(row)
        return None
    if now - row.last_seen_at > dt.timedelta(minutes=1):  # one write a minute at most
        row.last_seen_at = now
    return row


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(
            delete(StaffSession).where(StaffSession.token_hash == _digest(token))
        )


def end_all_sessions(
    session: Session, staff: StaffUser, keep_token: str | None = None
) -> None:
    """End every session of this staff member, except the one given."""
    query = delete(StaffSession).where(StaffSession.staff_id == staff.id)
    if keep_token:
        query = query.where(StaffSession.token_hash != _digest(keep_token))
    session.execute(query)


# --- Browsers that signed in before ---------------------------------------------------


def trusted_device(
    session: Session,
    tries: int,
    days: int,
    staff: StaffUser | None,
    token: str | None,
    now: dt.datetime,
) -> StaffDevice | None:
    """This browser's device record, if it signed in as `staff` less than `days` ago
    and has used fewer than `tries` wrong passwords since its last right one."""
    if staff is None or not token:
        return None
    return session.scalar(
        select(StaffDevice).where(
            StaffDevice.token_hash == _digest(token),
            StaffDevice.staff_id == staff.id,
            StaffDevice.failures < tries,
            StaffDevice.created_at > now - dt.timedelta(days=days),
        )
    )


def remember_device(
    session: Session, days: int, staff: StaffUser, now: dt.datetime | None = None
) -> str:
    """Trust this browser for `staff` (after a complete sign-in); return the token for
    its cookie. Records past their time are removed on the way."""
    now = now or utc_now()
    session.execute(
        delete(StaffDevice).where(
            StaffDevice.created_at <= now - dt.timedelta(days=days)
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(
        StaffDevice(token_hash=_digest(token), staff_id=staff.id, created_at=now)
    )
    return token


def forget_devices(session: Session, staff: StaffUser) -> None:
    """No browser is trusted for this person any more (a new password, deactivation)."""
    session.execute(delete(StaffDevice).where(StaffDevice.staff_id == staff.id))


def count_device_failure(
    session: Session, staff: StaffUser, token_hash: str, now: dt.datetime
) -> None:
    failures = session.scalar(
        update(StaffDevice)
        .where(StaffDevice.token_hash == token_hash)
        .values(failures=StaffDevice.failures + 1)
        .returning(StaffDevice.failures)
    )
    audit.record(
        session,
        staff.username,
        "login_failed",
        staff.username,
        at=now,
        failures=failures,
        from_known_browser=True,
    )
