"""The staff-only distribution pattern each submission keeps (triage/distribution.py).

It is worked out when the answers are sent (submit.py), like the red flags. Submissions
stored before it was kept are worked out here, after migrating: the pattern follows
the regions, sides and adjacency of questions.yaml, which a migration cannot read.
"""

from __future__ import annotations

from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..db.models import Submission
from ..db.models import SubmissionRegion
from ..questionnaire import Questionnaire
from ..triage import distribution
from . import tallies
from .export import AnsweredVersions


def fill_missing(session: Session, q: Questionnaire, batch: int = 1000) -> int:
    """Work out the pattern of every submission that reports a region but has none
    yet, each by the questionnaire it answered; recount the tallies, which key on it;
    commit; return how many were filled in."""
    missing = (
        select(Submission.id, Submission.answers, Submission.questionnaire_hash)
        .where(
            Submission.distribution.is_(None),
            exists().where(SubmissionRegion.submission_id == Submission.id),
        )
        .order_by(Submission.id)
        .limit(batch)
    )
    versions = AnsweredVersions(q, session)
    filled, last = 0, 0
    # Keyset batches: a row whose pattern comes out None is not read again.
    while rows := session.execute(missing.where(Submission.id > last)).all():
        found = [
            {"id": row.id, "distribution": pattern}
            for row in rows
            if (
                pattern := distribution.pattern(
                    versions(row.questionnaire_hash), row.answers
                )
            )
        ]
        if found:
            session.execute(update(Submission), found)
        filled += len(found)
        last = rows[-1].id
    if filled:
        tallies.rebuild(session)
    session.commit()
    return filled
