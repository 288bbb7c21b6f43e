"""A patient's draft, and a submission sent to the clinic.

Nothing here identifies a person: no name, contact, IP address, user agent or exact
time.
A submission keeps only its date; a draft keeps an expiry rounded up to the hour.
Everything is plain SQL types so the same models run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import SmallInteger
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from sqlalchemy.orm import validates

from ...questionnaire.levels import PRIORITY as PRIORITY
from ...questionnaire.levels import SUBMISSION_LEVELS
from .base import Base
from .base import one_of

#: A submission's red-flag level: the most urgent reported, or "none"; and how urgent
#: each is (the staff queue sorts on this number, so that one index, read backwards,
#: serves "most urgent, then newest"). Defined with the levels themselves.
RED_FLAG_LEVELS = SUBMISSION_LEVELS
#: The staff review workflow, in order. Only the first has not been looked at yet.
STATUSES = ("new", "reviewed", "contacted", "closed")
UNREVIEWED = STATUSES[0]


def triage_rank(status: str, priority: int) -> int:
    """Where a submission stands in the queue's default order: unreviewed ones by
    urgency (1 to 4, emergency highest), every other status after them (0)."""
    return priority + 1 if status == UNREVIEWED else 0


_PRIORITY_MATCHES_LEVEL = " OR ".join(
    f"(red_flag_level = '{level}' AND priority = {rank})"
    for level, rank in PRIORITY.items()
)
_TRIAGE_RANK_MATCHES_STATUS = (
    f"(status = '{UNREVIEWED}' AND triage_rank = priority + 1)"
    f" OR (status <> '{UNREVIEWED}' AND triage_rank = 0)"
)


class Draft(Base):
    """Answers in progress, found through a random token held in the session cookie."""

    __tablename__ = "draft"

    #: Random, unguessable (256 bits); the only thing the cookie holds about the draft.
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Answers so far, keyed by question id. Answers to hidden questions are never kept.
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Red flags the patient has already been shown advice for.
    advised_flags: Mapped[list[str]] = mapped_column(default=list)
    #: The flags the last saved page newly raised: what the advice page is about.
    advice_due: Mapped[list[str]] = mapped_column(default=list, server_default="[]")
    #: UTC, rounded up to the hour (to the day once a resume code is given): when the
    #: draft may be purged.
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    #: HMAC-SHA256 (under SECRET_KEY) of the resume code the patient was given, if
    #: any: never the code itself (submissions/resume_codes.py).
    resume_code_hash: Mapped[str | None] = mapped_column(
        String(64), unique=True, index=True, default=None
    )


class Submission(Base):
    """What a patient sent to the clinic."""

    __tablename__ = "submission"
    __table_args__ = (
        CheckConstraint(
            one_of("red_flag_level", RED_FLAG_LEVELS), name="known_red_flag_level"
        ),
        CheckConstraint(_PRIORITY_MATCHES_LEVEL, name="priority_matches_level"),
        CheckConstraint(one_of("status", STATUSES), name="known_status"),
        CheckConstraint(_TRIAGE_RANK_MATCHES_STATUS, name="triage_rank_matches_status"),
        # The queue's orders: unreviewed and most urgent first, then the rest (the
        # default); newest first; most urgent whatever the status. Each filter by
        # status keeps its order too. Keyset pagination walks these backwards.
        Index("ix_submission_triage", "triage_rank", "submitted_on", "id"),
        Index("ix_submission_newest", "submitted_on", "id"),
        Index("ix_submission_urgent", "priority", "submitted_on", "id"),
        Index("ix_submission_status_newest", "status", "submitted_on", "id"),
        # Each order again, filtered by distribution pattern: without these a page
        # reads every row of a stretch to test its pattern, or a planner takes the
        # pattern alone and sorts every submission that has it.
        Index(
            "ix_submission_pattern_triage",
            "distribution",
            "triage_rank",
            "submitted_on",
            "id",
        ),
        Index("ix_submission_pattern_newest", "distribution", "submitted_on", "id"),
        Index(
            "ix_submission_pattern_urgent",
            "distribution",
            "priority",
            "submitted_on",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What the patient quotes to the clinic, e.g. DYS-7KQ3-M9PX.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    questionnaire_version: Mapped[str] = mapped_column(String(64), index=True)
    #: sha256 of the questions.yaml the patient answered.
    questionnaire_hash: Mapped[str] = mapped_column(String(64))
    #: The date only: an exact time could be matched with other records.
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    #: Keyed by question id; only questions the patient was shown.
    answers: Mapped[dict[str, Any]]
    red_flag_level: Mapped[str] = mapped_column(String(16))
    #: PRIORITY[red_flag_level], kept in step by a CHECK constraint.
    priority: Mapped[int] = mapped_column(SmallInteger)
    #: Ids of the red flags the answers raised.
    red_flags: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default=UNREVIEWED)
    #: triage_rank(status, priority), kept in step by a CHECK constraint and set by
    #: `_rank` whenever either changes.
    triage_rank: Mapped[int] = mapped_column(SmallInteger)
    #: The staff-only distribution pattern of the regions reported (focal, segmental,
    #: multifocal, generalised or hemi; triage/distribution.py), worked out when it was
    #: sent, like its red flags; None when no region was reported. The queue filters
    #: on it and the export has it as a column.
    distribution: Mapped[str | None] = mapped_column(String(16), default=None)
    #: The language the patient answered in ("en", "es"): staff read every submission
    #: in the clinic's language, told which one it was answered in.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    #: The CSV cells this submission exports (regions and every question column, in
    #: codes), made when it was stored, and `export.cells_key` of the questionnaire and
    #: encoding they follow: an export of rows whose key is today's need not decode
    #: the answers.
    export_cells: Mapped[str | None] = mapped_column(Text, default=None, deferred=True)
    export_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    #: sha256 of the draft token the browser that sent it holds: how that browser, and
    #: no other, finds its summary. The draft itself is deleted when the answers are
    #: sent; "Start again" clears this, ending access from any copy of the cookie.
    summary_key: Mapped[str | None] = mapped_column(
        String(64), unique=True, default=None
    )
    regions: Mapped[list[SubmissionRegion]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="SubmissionRegion.region",
    )

    @validates("status", "priority")
    def _rank(self, name: str, value: Any) -> Any:
        """Keep triage_rank in step with the status and priority it follows."""
        values = {"status": self.status, "priority": self.priority, name: value}
        if values["priority"] is not None:
            self.triage_rank = triage_rank(
                values["status"] or UNREVIEWED, values["priority"]
            )
        return value

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
