"""Stored data: a patient's draft, and a submission sent to the clinic.

Nothing here identifies a person: no name, contact, IP address, user agent or exact
time.
A submission keeps only its date; a draft keeps an expiry rounded up to the hour.
Everything is plain SQL types so the same models run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import CheckConstraint
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

#: A submission's red-flag level: the most urgent reported, or "none".
RED_FLAG_LEVELS = ("emergency", "same_day", "within_days", "none")
#: The staff review workflow, in order.
STATUSES = ("new", "reviewed", "contacted", "closed")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class Draft(Base):
    """Answers in progress, found through a random token held in the session cookie."""

    __tablename__ = "draft"

    #: Random, unguessable (256 bits); the only thing the cookie holds about the draft.
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Answers so far, keyed by question id. Answers to hidden questions are never kept.
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Red flags the patient has already been shown advice for.
    advised_flags: Mapped[list[str]] = mapped_column(default=list)
    #: UTC, rounded up to the hour: when the draft may be purged.
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    #: Set on submission, so a repeated submit leads to the first one, not a second.
    submitted_reference: Mapped[str | None] = mapped_column(String(16), default=None)


class Submission(Base):
    """What a patient sent to the clinic."""

    __tablename__ = "submission"
    __table_args__ = (
        CheckConstraint(
            _one_of("red_flag_level", RED_FLAG_LEVELS), name="known_red_flag_level"
        ),
        CheckConstraint(_one_of("status", STATUSES), name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What the patient quotes to the clinic, e.g. DYS-7KQ3-M9PX.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    questionnaire_version: Mapped[str] = mapped_column(String(64))
    #: sha256 of the questions.yaml the patient answered.
    questionnaire_hash: Mapped[str] = mapped_column(String(64))
    #: The date only: an exact time could be matched with other records.
    submitted_on: Mapped[dt.date] = mapped_column(Date, index=True)
    #: Keyed by question id; only questions the patient was shown.
    answers: Mapped[dict[str, Any]]
    red_flag_level: Mapped[str] = mapped_column(String(16), index=True)
    #: Ids of the red flags the answers raised.
    red_flags: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    regions: Mapped[list[SubmissionRegion]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="SubmissionRegion.region",
    )

    @property
    def region_codes(self) -> list[str]:
        return [region.region for region in self.regions]


class SubmissionRegion(Base):
    """A body region the patient reported; a row each, so staff can filter on them."""

    __tablename__ = "submission_region"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
