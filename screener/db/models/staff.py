"""Clinic staff: accounts, signed-in sessions and notes on submissions.

Staff are identified people, so unlike patient data these rows carry usernames and
UTC times: the audit trail depends on them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from .base import Base
from .base import one_of

#: Reviewers read, change status, add notes and export; admins also manage staff
#: and read the audit log.
ROLES = ("reviewer", "admin")


class StaffUser(Base):
    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="known_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-case, so look-ups ignore case on every database engine.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    #: argon2id, with its parameters, in PHC string format.
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="reviewer")
    active: Mapped[bool] = mapped_column(default=True)
    #: Consecutive failed sign-ins; reset by a success. Counted in the database so
    #: the lock holds across worker processes and servers.
    failed_logins: Mapped[int] = mapped_column(default=0)
    #: Wrong second-factor codes since the last right one, across sign-ins: a right
    #: password does not reset it, so knowing the password buys no more guesses.
    failed_codes: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    #: Base32 TOTP secret once enrolment is confirmed; the pending one until then.
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    #: The last 30-second step whose code was accepted: a code works only once.
    totp_last_step: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None


class StaffSession(Base):
    """A signed-in browser. The cookie holds a random token; only its hash is stored,
    so deleting the row really ends the session, whatever the cookie says."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    staff: Mapped[StaffUser] = relationship(lazy="joined")


class StaffDevice(Base):
    """A browser that has signed in as this person before (OWASP's "device cookie").

    Wrong passwords from anywhere lock the account; without this, anyone who knew a
    username could keep its owner locked out. A browser that signed in before still
    may try while the account is locked, with a failure count of its own. Its cookie
    holds a random token; only the hash is stored. A password change forgets them all.
    """

    __tablename__ = "staff_device"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    #: Wrong passwords given from this browser since its last right one.
    failures: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class StaffNote(Base):
    """A note on a submission. Notes are added, never edited."""

    __tablename__ = "staff_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)
