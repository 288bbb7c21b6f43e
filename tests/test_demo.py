"""seed-demo: made-up submissions that a patient could really have sent."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import PRIORITY
from screener.db.models import Submission
from screener.pathway import redflags
from screener.pathway import route as flow
from screener.questionnaire import Questionnaire
from screener.submissions import export
from screener.submissions import queue
from screener.submissions import tallies
from screener.submissions.references import PATTERN
from screener.triage import distribution

from .test_queue import exact_counts

COUNT = 300


def seed(app: Flask, *arguments: str) -> str:
    result = app.test_cli_runner().invoke(
        args=["seed-demo", "--count", str(COUNT), "--yes", *arguments]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_made_up_answers_follow_the_questionnaire(
    app: Flask, db: Session, questionnaire: Questionnaire
) -> None:
    q = questionnaire
    assert f"Added {COUNT} submissions" in seed(app)
    submissions = list(db.scalars(select(Submission)))
    assert len(submissions) == COUNT
    for submission in submissions:
        answers = submission.answers
        # Nothing is answered that would not have been asked, every choice was on
        # offer, and every required question on the patient's path has an answer.
        assert answers == flow.prune(q, answers)
        assert flow.Route(q, answers).is_finished
        flags = redflags.raised(q, answers)
        level = redflags.highest_level(flags) or "none"
        assert submission.red_flag_level == level
        assert submission.priority == PRIORITY[level]
        assert submission.red_flags == [flag.id for flag in flags]
        regions = answers.get(q.file.regions_question, [])
        assert submission.region_codes == sorted(regions)
        assert submission.distribution == distribution.pattern(q, answers)
        assert submission.export_cells == export.stored_cells(q, answers)
        assert submission.questionnaire_hash == q.content_hash
        assert PATTERN.match(submission.reference)
    # Like real life: red flags are rare but present, and the dates and statuses vary.
    levels = Counter(submission.red_flag_level for submission in submissions)
    assert levels["none"] > COUNT // 2
    assert sum(levels.values()) - levels["none"] > 0
    assert len({submission.status for submission in submissions}) == 4
    assert len({submission.distribution for submission in submissions}) >= 4
    days = {submission.submitted_on for submission in submissions}
    assert len(days) > 100
    assert max(days) <= dt.datetime.now(dt.UTC).date()


def test_the_queue_counts_what_was_seeded(app: Flask, db: Session) -> None:
    seed(app)
    for filters in (
        queue.QueueFilters(),
        queue.QueueFilters(region="neck"),
        queue.QueueFilters(level="none", status="new"),
    ):
        assert tallies.counts(db, filters) == exact_counts(db, filters)


def test_seeding_again_with_the_same_seed_adds_new_codes(
    app: Flask, db: Session
) -> None:
    seed(app)
    seed(app)  # the same default seed draws the same codes first, which are taken
    references = list(db.scalars(select(Submission.reference)))
    assert len(references) == len(set(references)) == 2 * COUNT
    filters = queue.QueueFilters()
    assert tallies.counts(db, filters) == exact_counts(db, filters)


def test_asking_first_never_shows_the_database_password(app: Flask) -> None:
    app.config["DATABASE_URL"] = "postgresql+psycopg://clinic:s3cret@db.example/x"
    result = app.test_cli_runner().invoke(
        args=["seed-demo", "--count", "1"], input="n\n"
    )
    assert "s3cret" not in result.output
    assert "Aborted" in result.output
