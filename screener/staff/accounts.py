"""Managing staff accounts: the same operations for the CLI and the admin pages.

Each operation is audited, and any change that should end a person's access (new
password, deactivation, removing a second factor) also ends their sessions.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import audit
from ..db.clock import utc_now
from ..db.models import ROLES
from ..db.models import StaffUser
from .auth import find_staff
from .passwords import password_problems
from .sessions import end_all_sessions
from .sessions import forget_devices

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


class StaffError(Exception):
    """A staff operation cannot be done; the message says why, in plain words."""


def all_staff(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.username)))


def get(session: Session, username: str) -> StaffUser:
    staff = find_staff(session, username)
    if staff is None:
        raise StaffError(f"There is no staff member called {username!r}.")
    return staff


def create(
    session: Session,
    hasher: PasswordHasher,
    username: str,
    password: str,
    role: str,
    actor: str,
) -> StaffUser:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise StaffError(
            "Usernames are 3 to 64 characters: "
            "lower-case letters, digits, '.', '_' or '-'."
        )
    if find_staff(session, username) is not None:
        raise StaffError(f"There is already a staff member called {username!r}.")
    _check_role(role)
    _check_password(password, username)
    staff = StaffUser(
        username=username,
        password_hash=hasher.hash(password),
        role=role,
        created_at=utc_now(),
    )
    session.add(staff)
    session.flush()
    audit.record(session, actor, "staff_created", username, role=role)
    return staff


def set_password(
    session: Session,
    hasher: PasswordHasher,
    staff: StaffUser,
    password: str,
    actor: str,
    keep_token: str | None = None,
) -> None:
    """Change the password, clear any lock, and end every other session."""
    _check_password(password, staff.username)
    staff.password_hash = hasher.hash(password)
    _clear_locks(staff)
    end_all_sessions(session, staff, keep_token)
    forget_devices(session, staff)
    audit.record(session, actor, "password_changed", staff.username)


def deactivate(session: Session, staff: StaffUser, actor: str) -> None:
    staff.active = False
    end_all_sessions(session, staff)
    forget_devices(session, staff)
    audit.record(session, actor, "staff_deactivated", staff.username)


def reactivate(session: Session, staff: StaffUser, actor: str) -> None:
    staff.active = True
    audit.record(session, actor, "staff_reactivated", staff.username)


def unlock(session: Session, staff: StaffUser, actor: str) -> None:
    _clear_locks(staff)
    audit.record(session, actor, "staff_unlocked", staff.username)


def set_role(session: Session, staff: StaffUser, role: str, actor: str) -> None:
    _check_role(role)
    old, staff.role = staff.role, role
    audit.record(session, actor, "role_changed", staff.username, old=old, new=role)


def enable_two_factor(
    session: Session, staff: StaffUser, step: int, actor: str
) -> None:
    """Confirm the pending secret, with the step of the code that proved it works."""
    if staff.totp_pending_secret is None:
        raise StaffError("Start the set-up again: there is no code to confirm.")
    staff.totp_secret, staff.totp_pending_secret = staff.totp_pending_secret, None
    staff.totp_last_step = step
    audit.record(session, actor, "two_factor_enabled", staff.username)


def reset_two_factor(session: Session, staff: StaffUser, actor: str) -> None:
    """Remove the second factor (a lost phone); the person must enrol again."""
    staff.totp_secret = staff.totp_pending_secret = None
    staff.totp_last_step = None
    staff.failed_codes = 0
    end_all_sessions(session, staff)
    audit.record(session, actor, "two_factor_reset", staff.username)


def _clear_locks(staff: StaffUser) -> None:
    staff.failed_logins = staff.failed_codes = 0
    staff.locked_until = None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StaffError(f"The role must be one of: {', '.join(ROLES)}.")


def _check_password(password: str, username: str) -> None:
    problems = password_problems(password, username)
    if problems:
        raise StaffError(" ".join(problems))
