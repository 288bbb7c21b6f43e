"""Drafts: answers in progress, kept server-side and found through a random token in
the session cookie; they expire after a while without use."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..db.clock import utc_now
from ..db.models import Draft
from ..pathway import redflags
from ..pathway import route as flow
from ..questionnaire import AnswerValue
from ..questionnaire import Questionnaire
from ..questionnaire.model import RedFlag


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


