"""Sending a draft to the clinic: once, however often "Send" is pressed, with its red
flags, level, regions and export cells worked out as it is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any
from typing import Protocol

from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..db.clock import utc_now
from ..db.models import PRIORITY
from ..db.models import Draft
from ..db.models import Submission
from ..db.models import SubmissionRegion
from ..pathway import redflags
from ..pathway import route
from ..questionnaire import Questionnaire
from . import export
from . import snapshots
from . import tallies
from .references import new_reference


class IncompleteAnswers(Exception):
    """A submission was attempted before every required question was answered."""


class Sendable(Protocol):
    """A draft as read for this request (a DraftState, or the ORM row)."""

    token: str
    answers: dict[str, Any]
    submitted_reference: str | None


def submit(
    session: Session, q: Questionnaire, draft: Sendable, today: dt.date | None = None
) -> str:
    """Send the draft to the clinic once; return the reference code.

    A second submit of the same draft (a double click, a retried request) returns the
    first reference instead of storing the answers again.
    """
    if draft.submitted_reference:
        return draft.submitted_reference
    answers = route.prune(q, draft.answers)
    if not route.Route(q, answers).is_finished:
        raise IncompleteAnswers
    reference = _unused_reference(session)
    # Claim the draft atomically: of two concurrent submits only one matches this row.
    claimed = session.execute(
        update(Draft)
        .where(Draft.token == draft.token, Draft.submitted_reference.is_(None))
        .values(submitted_reference=reference, answers={})
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        # Another request sent it first: its reference is the one to show.
        first = session.scalar(
            select(Draft.submitted_reference).where(Draft.token == draft.token)
        )
        return first or reference
    flags = redflags.raised(q, answers)
    level = redflags.highest_level(flags) or "none"
    submitted_on = today or utc_now().date()
    snapshots.remember(session, q, submitted_on)
    submission = Submission(
        reference=reference,
        questionnaire_version=q.version,
        questionnaire_hash=q.content_hash,
        submitted_on=submitted_on,
        answers=answers,
        red_flag_level=level,
        priority=PRIORITY[level],
        red_flags=[flag.id for flag in flags],
        status="new",
        export_cells=export.stored_cells(q, answers),
        export_hash=export.cells_key(q),
        regions=[SubmissionRegion(region=code) for code in q.regions_reported(answers)],
    )
    session.add(submission)
    session.flush()
    tallies.record(session, submission)
    draft.submitted_reference, draft.answers = reference, {}
    return reference


def find_submission(session: Session, reference: str | None) -> Submission | None:
    if not reference:
        return None
    return session.scalar(select(Submission).where(Submission.reference == reference))


def _unused_reference(session: Session) -> str:
    for _attempt in range(10):
        reference = new_reference()
        if not session.scalar(
            select(exists().where(Submission.reference == reference))
        ):
            return reference
    raise RuntimeError("could not find an unused reference code")  # pragma: no cover
