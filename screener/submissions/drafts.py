"""Drafts and submissions. Functions take a Session, add and flush, and never commit:
the view that calls them owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping

from sqlalchemy import delete
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..db.models import PRIORITY
from ..db.models import Draft
from ..db.models import Submission
from ..db.models import SubmissionRegion
from ..pathway import redflags
from ..pathway import route as flow
from ..questionnaire import AnswerValue
from ..questionnaire import Questionnaire
from ..questionnaire.model import RedFlag
from . import export
from . import snapshots
from . import tallies
from .references import new_reference


class IncompleteAnswers(Exception):
    """A submission was attempted before every required question was answered."""


def utc_now() -> dt.datetime:
    """Naive UTC, the form stored in the database on every engine."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def expiry_after(hours: int, now: dt.datetime | None = None) -> dt.datetime:
    """Return now + hours, rounded up to the hour, so no exact time is kept."""
    moment = (now or utc_now()) + dt.timedelta(hours=hours)
    hour = moment.replace(minute=0, second=0, microsecond=0)
    return hour if hour == moment else hour + dt.timedelta(hours=1)


def start_draft(session: Session, expiry_hours: int) -> Draft:
    """Create an empty draft; drafts that have expired are purged on the way."""
    purge_expired_drafts(session)
    draft = Draft(
        token=secrets.token_urlsafe(32), answers={}, advised_flags=[], advice_due=[]
    )
    draft.expires_at = expiry_after(expiry_hours)
    session.add(draft)
    session.flush()
    return draft


def find_draft(session: Session, token: str | None) -> Draft | None:
    """Return the draft for this token unless it is missing or expired."""
    if not token:
        return None
    draft = session.get(Draft, token)
    if draft is None or draft.expires_at <= utc_now():
        return None
    return draft


def keep_alive(draft: Draft, expiry_hours: int) -> None:
    """Push the expiry back after activity; at most one change per hour."""
    later = expiry_after(expiry_hours)
    if later > draft.expires_at:
        draft.expires_at = later


def save_answers(
    q: Questionnaire, draft: Draft, page_answers: Mapping[str, AnswerValue | None]
) -> list[RedFlag]:
    """Store one page's answers and return red flags raised that were not yet advised.

    Answers that no longer apply (a later question now hidden) are dropped; blank
    optional answers remove any earlier answer.
    """
    answers = dict(draft.answers)
    for question_id, value in page_answers.items():
        answers.pop(question_id, None)
        if value is not None:
            answers[question_id] = value
    draft.answers = flow.prune(q, answers)
    raised = redflags.raised(q, draft.answers)
    new_flags = [flag for flag in raised if flag.id not in draft.advised_flags]
    # Only flags raised now count as advised: one that is withdrawn and comes back
    # later is advised again.
    draft.advised_flags = [flag.id for flag in raised]
    if new_flags:
        draft.advice_due = [flag.id for flag in new_flags]
    return new_flags


def submit(
    session: Session, q: Questionnaire, draft: Draft, today: dt.date | None = None
) -> str:
    """Send the draft to the clinic once; return the reference code.

    A second submit of the same draft (a double click, a retried request) returns the
    first reference instead of storing the answers again.
    """
    if draft.submitted_reference:
        return draft.submitted_reference
    answers = flow.prune(q, draft.answers)
    if not flow.Route(q, answers).is_finished:
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
        session.refresh(draft)  # the other request's reference
        return draft.submitted_reference or reference
    flags = redflags.raised(q, answers)
    level = redflags.highest_level(flags) or "none"
    regions = answers.get(q.file.regions_question)
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
        regions=[
            SubmissionRegion(region=code)
            for code in (regions if isinstance(regions, list) else [])
        ],
    )
    session.add(submission)
    session.flush()
    tallies.record(session, submission)
    session.refresh(draft)
    return reference


def find_submission(session: Session, reference: str | None) -> Submission | None:
    if not reference:
        return None
    return session.scalar(select(Submission).where(Submission.reference == reference))


def discard_draft(session: Session, token: str | None) -> None:
    """Delete a draft: "Start again" leaves nothing behind."""
    if token:
        session.execute(delete(Draft).where(Draft.token == token))


def purge_expired_drafts(session: Session, now: dt.datetime | None = None) -> int:
    """Delete drafts past their expiry; return how many."""
    result = session.execute(
        delete(Draft).where(Draft.expires_at <= (now or utc_now()))
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _unused_reference(session: Session) -> str:
    for _attempt in range(10):
        reference = new_reference()
        if not session.scalar(
            select(exists().where(Submission.reference == reference))
        ):
            return reference
    raise RuntimeError("could not find an unused reference code")  # pragma: no cover
