"""Sending a draft to the clinic: once, however often "Send" is pressed, with its red
flags, level, regions, distribution pattern and export cells worked out as it is
stored."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from typing import Protocol

from sqlalchemy import delete
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
from ..triage import distribution
from . import dashboard_counts
from . import export
from . import snapshots
from . import tallies
from .references import new_reference


class IncompleteAnswers(Exception):
    """A submission was attempted before every required question was answered."""


class DraftGone(Exception):
    """The draft was neither there to send nor sent: it expired, or was discarded."""


class Sendable(Protocol):
    """A draft as read for this request (a DraftState, or the ORM row)."""

    token: str
    answers: dict[str, Any]


def summary_key(token: str) -> str:
    """What the submission keeps of the sending browser's draft token."""
    return hashlib.sha256(token.encode()).hexdigest()


def submit(
    session: Session, q: Questionnaire, draft: Sendable, today: dt.date | None = None
) -> str:
    """Send the draft to the clinic once; return the reference code.

    The draft is deleted as the submission is stored, in one transaction. A second
    submit of the same draft (a double click, a retried request) finds the draft gone
    and returns the first reference instead of storing the answers again.
    """
    answers = route.prune(q, draft.answers)
    if not route.Route(q, answers).is_finished:
        raise IncompleteAnswers
    # Claim the draft atomically: of two concurrent submits only one deletes this row.
    claimed = session.execute(
        delete(Draft)
        .where(Draft.token == draft.token)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        first = find_sent(session, draft.token)
        if first is None:
            raise DraftGone
        return first.reference
    reference = _unused_reference(session)
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
        distribution=distribution.pattern(q, answers),
        # The questionnaire in the patient's language keeps the English's version
        # and content hash: only the language tells them apart.
        language=q.language,
        summary_key=summary_key(draft.token),
    )
    session.add(submission)
    session.flush()
    tallies.record(session, submission)
    dashboard_counts.record(session, submission)
    return reference


def find_sent(session: Session, token: str | None) -> Submission | None:
    """The submission sent from the browser holding this draft token, unless "Start
    again" has ended that browser's access to it."""
    if not token:
        return None
    return session.scalar(
        select(Submission).where(Submission.summary_key == summary_key(token))
    )


def end_summary_access(session: Session, token: str | None) -> None:
    """ "Start again": the summary sent from this browser can no longer be opened, from
    it or from any copy of its cookie."""
    if token:
        session.execute(
            update(Submission)
            .where(Submission.summary_key == summary_key(token))
            .values(summary_key=None)
        )


def _unused_reference(session: Session) -> str:
    for _attempt in range(10):
        reference = new_reference()
        if not session.scalar(
            select(exists().where(Submission.reference == reference))
        ):
            return reference
    raise RuntimeError("could not find an unused reference code")  # pragma: no cover
