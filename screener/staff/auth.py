"""Staff sign-in: passwords, authenticator codes and the locks that wrong ones set.

Failed attempts are counted in the staff row with an atomic UPDATE, so the lock holds
however many worker processes or servers answer the requests. Wrong passwords and
wrong authenticator codes are counted apart: a right password resets only its own
count, so signing in again buys no more guesses at the code. Signed-in sessions and
browsers that signed in before are in `sessions.py`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..db import audit
from ..db.clock import utc_now
from ..db.models import StaffDevice
from ..db.models import StaffUser
from . import sessions
from . import totp
from .passwords import verify


@dataclass(frozen=True)
class LoginPolicy:
    #: Wrong passwords in a row that lock the account, and for how long.
    lock_after: int
    lock_minutes: int
    #: Wrong codes, across sign-ins, that lock it until an admin unlocks it.
    code_lock_after: int
    #: A browser that signed in before may still try while the account is locked by
    #: wrong passwords, this many times, for this many days after that sign-in.
    device_tries: int = 5
    device_days: int = 90


def find_staff(session: Session, username: str) -> StaffUser | None:
    return session.scalar(
        select(StaffUser).where(StaffUser.username == username.strip().lower())
    )


def check_password(
    session: Session,
    hasher: PasswordHasher,
    policy: LoginPolicy,
    username: str,
    password: str,
    now: dt.datetime | None = None,
    reader: Session | None = None,
    device_token: str | None = None,
) -> StaffUser | None:
    """Return the staff member if the password is right and the account may sign in.

    Every refusal costs the same hashing time and says nothing of why, so a caller
    cannot tell an unknown name from a wrong password or a locked account. The account
    is looked up through `reader` when given (a read-only session), so that the
    0.2 s of hashing happens before `session` takes SQLite's write lock, which
    patients saving their answers wait for. A browser that signed in as this person
    before (`device_token`) may still try while wrong passwords from elsewhere have
    locked the account; its wrong passwords count against it, not the account.
    """
    now = now or utc_now()
    found = find_staff(reader or session, username)
    device = sessions.trusted_device(
        reader or session,
        policy.device_tries,
        policy.device_days,
        found,
        device_token,
        now,
    )
    if found is None or not found.active or _refused(found, device, policy, now):
        verify(hasher, _dummy_hash(hasher), password)
        right = False
    else:
        right = verify(hasher, found.password_hash, password)
    # Only now the writes, each a short statement.
    staff = session.get(StaffUser, found.id) if found is not None else None
    if staff is None or not staff.active:
        audit.record(
            session, "anonymous", "login_failed", at=now, reason="unknown or inactive"
        )
        return None
    if _refused(staff, device, policy, now):
        audit.record(
            session, staff.username, "login_refused_locked", staff.username, at=now
        )
        return None
    if not right:
        if device is not None:
            sessions.count_device_failure(session, staff, device.token_hash, now)
        else:
            record_failure(session, staff, policy, now)
        return None
    _reset_failures(session, staff)
    if device is not None:
        session.execute(
            update(StaffDevice)
            .where(StaffDevice.token_hash == device.token_hash)
            .values(failures=0)
        )
    if hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = hasher.hash(password)
    return staff


def _refused(
    staff: StaffUser,
    device: StaffDevice | None,
    policy: LoginPolicy,
    now: dt.datetime,
) -> bool:
    """Locked, unless only by wrong passwords and this browser is trusted: wrong codes
    mean someone has the password, and no browser is trusted past them."""
    if staff.failed_codes >= policy.code_lock_after:
        return True
    return is_locked(staff, policy, now) and device is None


def is_locked(staff: StaffUser, policy: LoginPolicy, now: dt.datetime) -> bool:
    """Locked for a while by wrong passwords, or until unlocked by wrong codes."""
    return (
        staff.locked_until is not None and staff.locked_until > now
    ) or staff.failed_codes >= policy.code_lock_after


def check_code(
    session: Session,
    policy: LoginPolicy,
    staff: StaffUser,
    code: str,
    now: dt.datetime | None = None,
) -> bool:
    """Accept the authenticator code (each once), or count it as wrong.

    Wrong codes lock the account once `policy.code_lock_after` of them have been
    given since the last right one, however many sign-ins they were spread over.
    """
    now = now or utc_now()
    if is_locked(staff, policy, now):
        audit.record(
            session, staff.username, "login_refused_locked", staff.username, at=now
        )
        return False
    step = totp.matching_step(staff.totp_secret or "", code, now, staff.totp_last_step)
    if step is not None:
        staff.totp_last_step = step
        staff.failed_codes = 0
        return True
    failures = session.scalar(
        update(StaffUser)
        .where(StaffUser.id == staff.id)
        .values(failed_codes=StaffUser.failed_codes + 1)
        .returning(StaffUser.failed_codes)
    )
    audit.record(
        session,
        staff.username,
        "code_failed",
        staff.username,
        at=now,
        failures=failures,
    )
    if failures == policy.code_lock_after:
        audit.record(
            session,
            staff.username,
            "account_locked",
            staff.username,
            at=now,
            by="codes",
        )
    session.refresh(staff)
    return False


def record_failure(
    session: Session, staff: StaffUser, policy: LoginPolicy, now: dt.datetime
) -> None:
    """Count a wrong password; at the limit, lock the account for a while."""
    failures = session.scalar(
        update(StaffUser)
        .where(StaffUser.id == staff.id)
        .values(failed_logins=StaffUser.failed_logins + 1)
        .returning(StaffUser.failed_logins)
    )
    audit.record(
        session,
        staff.username,
        "login_failed",
        staff.username,
        at=now,
        failures=failures,
    )
    if failures is not None and failures >= policy.lock_after:
        until = now + dt.timedelta(minutes=policy.lock_minutes)
        session.execute(
            update(StaffUser)
            .where(StaffUser.id == staff.id)
            .values(failed_logins=0, locked_until=until)
        )
        audit.record(
            session,
            staff.username,
            "account_locked",
            staff.username,
            at=now,
            minutes=policy.lock_minutes,
        )
    session.refresh(staff)


def _reset_failures(session: Session, staff: StaffUser) -> None:
    if staff.failed_logins or staff.locked_until:
        staff.failed_logins = 0
        staff.locked_until = None


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash with the hasher's settings: checking it costs what a real check costs."""
    return _hash_of_nothing(hasher.time_cost, hasher.memory_cost, hasher.parallelism)


@lru_cache(maxsize=4)
def _hash_of_nothing(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return PasswordHasher(time_cost, memory_cost, parallelism).hash(
        secrets.token_hex(16)
    )
