"""What staff do to submissions, each recorded in the audit log: change a status, add a
note, and purge what is past its retention (with expired drafts). Views, commands and
tests call these, so every way of doing it is audited alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import audit
from ..db.clock import utc_now
from ..db.models import STATUSES
from ..db.models import StaffNote
from ..db.models import Submission
from . import dashboard_counts
from . import drafts
from . import tallies

#: Deleting in batches keeps each transaction, and each lock, short.
PURGE_BATCH = 5000


def change_status(
    session: Session, submission: Submission, status: str, actor: str
) -> bool:
    """Move the submission to `status`; False when it is already there."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if status == submission.status:
        return False
    # Setting the status moves the submission's triage_rank with it (the model's
    # `_rank`): out of the queue's urgent top once it is no longer new.
    old, submission.status = submission.status, status
    tallies.move(session, submission, old)
    audit.record(
        session, actor, "status_changed", submission.reference, old=old, new=status
    )
    return True


def add_note(
    session: Session, submission: Submission, text: str, actor: str
) -> StaffNote:
    """Add a note (notes are never changed afterwards)."""
    note = StaffNote(
        submission_id=submission.id,
        author=actor,
        created_at=utc_now(),
        text=text.strip(),
    )
    session.add(note)
    session.flush()
    audit.record(session, actor, "note_added", submission.reference, note=note.id)
    return note


@dataclass(frozen=True)
class Purged:
    submissions: int
    drafts: int
    #: Submissions sent before this day were deleted.
    before: dt.date


def purge_cutoff(older_than_days: int, today: dt.date | None = None) -> dt.date:
    """Submissions sent before this day are older than the retention."""
    return (today or utc_now().date()) - dt.timedelta(days=older_than_days)


def purge_preview(
    session: Session, older_than_days: int, today: dt.date | None = None
) -> Purged:
    """What `purge` would delete now, deleting (and recording) nothing."""
    cutoff = purge_cutoff(older_than_days, today)
    submissions = session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(Submission.submitted_on < cutoff)
    )
    return Purged(submissions or 0, drafts.count_expired_drafts(session), cutoff)


def purge(
    session: Session,
    older_than_days: int,
    actor: str,
    today: dt.date | None = None,
    dry_run: bool = False,
) -> Purged:
    """Delete submissions (with their notes and regions) older than the retention, and
    expired drafts; record the counts. A dry run deletes nothing and records what
    would have gone: every run is in the audit log.

    Unlike the other functions here it commits, once per batch of PURGE_BATCH, so that
    a purge of many rows never holds a long transaction.
    """
    if dry_run:
        done = purge_preview(session, older_than_days, today)
    else:
        done = _delete_old(session, purge_cutoff(older_than_days, today))
    marked: dict[str, Any] = {"dry_run": True} if dry_run else {}
    audit.record(
        session,
        actor,
        "purge",
        **marked,
        submissions=done.submissions,
        drafts=done.drafts,
        older_than_days=older_than_days,
    )
    session.commit()
    return done


def _delete_old(session: Session, cutoff: dt.date) -> Purged:
    submissions = 0
    while batch := list(
        session.scalars(
            select(Submission.id)
            .where(Submission.submitted_on < cutoff)
            .limit(PURGE_BATCH)
        )
    ):
        session.execute(delete(Submission).where(Submission.id.in_(batch)))
        session.commit()
        submissions += len(batch)
    tallies.forget_before(session, cutoff)
    dashboard_counts.forget_before(session, cutoff)
    return Purged(submissions, drafts.purge_expired_drafts(session), cutoff)
