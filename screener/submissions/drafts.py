"""Drafts: answers in progress, kept server-side and found through a random token in
the session cookie; they expire after a while without use, or, once the patient asks
for a resume code, when the code ends."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

import orjson
from sqlalchemy import ColumnElement
from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..db.clock import utc_now
from ..db.models import Draft
from ..pathway import redflags
from ..pathway import route as flow
from ..questionnaire import AnswerValue
from ..questionnaire import Questionnaire
from ..questionnaire.model import RedFlag
from . import resume_codes


def expiry_after(hours: int, now: dt.datetime | None = None) -> dt.datetime:
    """Return now + hours, rounded up to the hour, so no exact time is kept."""
    moment = (now or utc_now()) + dt.timedelta(hours=hours)
    hour = moment.replace(minute=0, second=0, microsecond=0)
    return hour if hour == moment else hour + dt.timedelta(hours=1)


@dataclass
class DraftState:
    """A draft as one request reads it: plain values, read and written with single
    statements (`find_draft`, `store`) rather than through the ORM's unit of work,
    which cost more than the rest of a question page's database work."""

    token: str
    answers: dict[str, AnswerValue]
    advised_flags: list[str]
    advice_due: list[str]
    expires_at: dt.datetime
    #: The values as read (or last stored), so that `store` writes only what changed.
    _stored: bytes = field(default=b"", repr=False, compare=False)

    def __post_init__(self) -> None:
        self._stored = self._written()

    def _written(self) -> bytes:
        # The values serialised, not referenced: an answer changed in place must still
        # count as changed. (orjson: a tenth of the time of a deep copy.)
        return orjson.dumps(
            (self.answers, self.advised_flags, self.advice_due, self.expires_at)
        )


_COLUMNS = (
    Draft.token,
    Draft.answers,
    Draft.advised_flags,
    Draft.advice_due,
    Draft.expires_at,
)


_FIND = select(*_COLUMNS).where(Draft.token == bindparam("token"))


def start_draft(session: Session, expiry_hours: int) -> DraftState:
    """Create an empty draft; drafts that have expired are purged on the way."""
    purge_expired_drafts(session)
    draft = DraftState(
        token=secrets.token_urlsafe(32),
        answers={},
        advised_flags=[],
        advice_due=[],
        expires_at=expiry_after(expiry_hours),
    )
    session.execute(
        insert(Draft).values(
            token=draft.token,
            answers=draft.answers,
            advised_flags=draft.advised_flags,
            advice_due=draft.advice_due,
            expires_at=draft.expires_at,
        )
    )
    return draft


def find_draft(session: Session, token: str | None) -> DraftState | None:
    """Return the draft for this token unless it is missing or expired."""
    if not token:
        return None
    # On the session's connection, past the ORM's execute: this runs on every patient
    # request, and the ORM's machinery cost more than the query.
    query = _FIND.params(token=token)
    row = session.connection().execute(query).first()
    if row is None or row.expires_at <= utc_now():
        return None
    return DraftState(*row)


def store(session: Session, draft: DraftState) -> None:
    """Write the draft's answers, flags and expiry back, if any of them changed (a
    page saved again unchanged writes nothing)."""
    if draft._written() == draft._stored:
        return
    draft._stored = draft._written()
    session.execute(
        update(Draft)
        .where(Draft.token == draft.token)
        .values(
            answers=draft.answers,
            advised_flags=draft.advised_flags,
            advice_due=draft.advice_due,
            expires_at=draft.expires_at,
        )
    )


def keep_alive(draft: DraftState, expiry_hours: int) -> None:
    """Push the expiry back after activity; at most one change per hour."""
    later = expiry_after(expiry_hours)
    if later > draft.expires_at:
        draft.expires_at = later


def save_answers(
    q: Questionnaire, draft: DraftState, page_answers: Mapping[str, AnswerValue | None]
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


def give_resume_code(
    session: Session, draft: DraftState, code_hash: str, days: int
) -> None:
    """Attach a resume code (its hash) to the draft, replacing any code given before,
    and keep the draft at least as long as the code lasts."""
    draft.expires_at = max(draft.expires_at, resume_codes.expiry_for(days))
    session.execute(
        update(Draft)
        .where(Draft.token == draft.token)
        .values(resume_code_hash=code_hash, expires_at=draft.expires_at)
    )


def take_over_by_code(session: Session, code_hash: str) -> str | None:
    """Give the live draft with this resume code a new token, and return it; None if
    no live draft has the code.

    The browser that had the draft before loses it: a code used on a home computer
    must not leave the answers, or later the summary, open on the clinic's tablet
    where the code was given. The code goes on working, so whichever browser used it
    last holds the answers.
    """
    token = secrets.token_urlsafe(32)
    moved = session.execute(
        update(Draft)
        .where(Draft.resume_code_hash == code_hash, ~_expired(None))
        .values(token=token)
    )
    return token if moved.rowcount == 1 else None  # type: ignore[attr-defined]


def forget_unreachable_draft(session: Session, token: str | None) -> None:
    """Delete the draft this token found if it has no resume code: once the browser
    holds another draft's token nothing could reach it again."""
    if token:
        session.execute(
            delete(Draft).where(Draft.token == token, Draft.resume_code_hash.is_(None))
        )


def discard_draft(session: Session, token: str | None) -> None:
    """Delete a draft: "Start again" leaves nothing behind."""
    if token:
        session.execute(delete(Draft).where(Draft.token == token))


def _expired(now: dt.datetime | None) -> ColumnElement[bool]:
    return Draft.expires_at <= (now or utc_now())


def count_expired_drafts(session: Session, now: dt.datetime | None = None) -> int:
    """How many drafts `purge_expired_drafts` would delete now."""
    counted = session.scalar(
        select(func.count()).select_from(Draft).where(_expired(now))
    )
    return counted or 0


def purge_expired_drafts(session: Session, now: dt.datetime | None = None) -> int:
    """Delete drafts past their expiry; return how many."""
    result = session.execute(delete(Draft).where(_expired(now)))
    return int(result.rowcount)  # type: ignore[attr-defined]
