"""Keep each questionnaire version that patients answer, and read old ones back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db.models import QuestionnaireSnapshot
from ..questionnaire import Questionnaire
from ..questionnaire import QuestionnaireError
from ..questionnaire import load_snapshot


def remember(session: Session, q: Questionnaire, today: dt.date) -> None:
    """Store this questionnaire's text, once per content hash."""
    if session.get(QuestionnaireSnapshot, q.content_hash) is not None:
        return
    try:
        with session.begin_nested():  # another request may store it at the same time
            session.add(
                QuestionnaireSnapshot(
                    content_hash=q.content_hash,
                    version=q.version,
                    content=q.content,
                    first_used_on=today,
                )
            )
    except IntegrityError:
        pass  # stored by the other request: the same text under the same hash


def as_answered(
    session: Session, content_hash: str, current: Questionnaire
) -> Questionnaire | None:
    """Return the questionnaire a submission answered; None if it was not stored."""
    if content_hash == current.content_hash:
        return current
    snapshot = session.get(QuestionnaireSnapshot, content_hash)
    if snapshot is None:
        return None
    try:
        return load_snapshot(
            snapshot.content,
            f"questionnaire version {snapshot.version}",
            current.settings,
        )
    except QuestionnaireError:
        # Written for an older shape of questions.yaml that today's app cannot read:
        # the caller shows today's wording and every answer it does not cover.
        return None
