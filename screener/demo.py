"""Made-up submissions for demonstrations and benchmarks, following questions.yaml.

Answers are drawn by walking the questionnaire as a patient would, so `show_if` is
respected: nothing is answered that would not have been asked. Answers that raise a
red flag are drawn rarely, as in real life. Rows are inserted in batches.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import export
from . import flow
from . import redflags
from . import snapshots
from . import tallies
from .models import PRIORITY
from .models import STATUSES
from .models import Submission
from .models import SubmissionRegion
from .questionnaire import AnswerValue
from .questionnaire import Questionnaire
from .questionnaire.conditions import comparisons
from .questionnaire.model import AnyQuestion
from .questionnaire.model import ChoiceQuestionBase
from .questionnaire.model import FreeTextQuestion
from .questionnaire.model import MultipleChoiceQuestion
from .reference import ALPHABET
from .reference import PREFIX

#: Chance of picking an answer that raises a red flag, where one is on offer.
RED_FLAG_CHANCE = 0.02
STATUS_WEIGHTS = (40, 30, 20, 10)
#: Distinct patients drawn; rows reuse them, so drawing never limits inserting.
POOL = 500
BATCH = 5000
FREE_TEXT = (
    "It is worse when I am tired.",
    "My neck has been like this for about two years.",
    "Writing is the hardest thing.",
    "=SUM(1+1)",  # a formula-like answer, so exports are exercised honestly
)

Row = tuple[dict[str, Any], list[str]]


class AnswerMaker:
    """Draws one made-up patient's answers at a time."""

    def __init__(self, q: Questionnaire, rng: random.Random) -> None:
        self.q = q
        self.rng = rng
        self.flagged = {
            (test.question, code)
            for flag in q.file.red_flags
            for test in comparisons(flag.when)
            for code in _codes(test.operand)
        }

    def answers(self) -> dict[str, AnswerValue]:
        answers: dict[str, AnswerValue] = {}
        for ref in self.q.pages:
            for question in flow.visible_questions(self.q, ref, answers):
                value = self.answer(question, answers)
                if value is not None:
                    answers[question.id] = value
        return answers

    def answer(
        self, question: AnyQuestion, answers: dict[str, AnswerValue]
    ) -> AnswerValue | None:
        rng = self.rng
        if isinstance(question, FreeTextQuestion):
            return (
                rng.choice(FREE_TEXT)
                if question.required or rng.random() < 0.2
                else None
            )
        if not isinstance(question, ChoiceQuestionBase):  # a scale or a number
            return rng.randint(question.min, question.max)
        codes = [choice.code for choice in self.q.options(question, answers)]
        rare = [code for code in codes if (question.id, code) in self.flagged]
        usual = [code for code in codes if code not in rare] or codes
        if isinstance(question, MultipleChoiceQuestion):
            return self._ticked(question, codes, usual, rare, answers)
        if rare and rng.random() < RED_FLAG_CHANCE:
            return rng.choice(rare)
        return rng.choice(usual)

    def _ticked(
        self,
        question: MultipleChoiceQuestion,
        codes: list[str],
        usual: list[str],
        rare: list[str],
        answers: dict[str, AnswerValue],
    ) -> list[str]:
        rng = self.rng
        exclusive = [c.code for c in self.q.options(question, answers) if c.exclusive]
        exclusive = [code for code in exclusive if code in usual]
        if exclusive and rng.random() < 0.5:
            return exclusive[:1]
        plain = [code for code in usual if code not in exclusive] or usual
        picked = set(rng.sample(plain, k=min(len(plain), rng.choice((1, 1, 2, 3)))))
        if rare and rng.random() < RED_FLAG_CHANCE:
            picked = {rng.choice(rare)}
        return [code for code in codes if code in picked]


def _codes(operand: Any) -> list[str]:
    if isinstance(operand, str):
        return [operand]
    return (
        [code for code in operand if isinstance(code, str)]
        if isinstance(operand, list)
        else []
    )


def _patient(q: Questionnaire, answers: dict[str, AnswerValue]) -> Row:
    """The fields one set of answers fixes, worked out once per pooled patient."""
    flags = redflags.raised(q, answers)
    level = redflags.highest_level(flags) or "none"
    regions = answers.get(q.file.regions_question)
    fields = {
        "questionnaire_version": q.version,
        "questionnaire_hash": q.content_hash,
        "answers": answers,
        "red_flag_level": level,
        "priority": PRIORITY[level],
        "red_flags": [flag.id for flag in flags],
        "export_cells": export.stored_cells(q, answers),
        "export_hash": q.content_hash,
    }
    return fields, list(regions) if isinstance(regions, list) else []


def rows(q: Questionnaire, count: int, days: int, seed: int) -> Iterator[Row]:
    """Yield (submission row, body regions) pairs."""
    rng = random.Random(seed)  # noqa: S311  (made-up data, not a secret)
    maker = AnswerMaker(q, rng)
    pool = [_patient(q, maker.answers()) for _ in range(min(count, POOL))]
    today = dt.datetime.now(dt.UTC).date()
    references: set[str] = set()
    for _ in range(count):
        fields, regions = pool[rng.randrange(len(pool))]
        row = {
            **fields,
            "reference": _unique_reference(rng, references),
            "submitted_on": today - dt.timedelta(days=rng.randrange(days)),
            "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
        }
        yield row, regions


def _unique_reference(rng: random.Random, used: set[str]) -> str:
    while True:
        code = "".join(rng.choice(ALPHABET) for _ in range(8))
        reference = f"{PREFIX}-{code[:4]}-{code[4:]}"
        if reference not in used:
            used.add(reference)
            return reference


def seed(
    session: Session, q: Questionnaire, count: int, days: int = 730, seed: int = 1
) -> int:
    """Insert `count` made-up submissions, committing each batch; return how many."""
    made = 0
    batch: list[Row] = []
    for item in rows(q, count, days, seed):
        batch.append(item)
        if len(batch) == BATCH:
            made += _insert(session, batch)
            batch = []
    if batch:
        made += _insert(session, batch)
    tallies.rebuild(session)  # one pass over the table beats an upsert per row
    snapshots.remember(session, q, dt.datetime.now(dt.UTC).date())
    session.commit()
    return made


def _insert(session: Session, batch: list[Row]) -> int:
    session.execute(insert(Submission), [row for row, _regions in batch])
    # Plain INSERTs are the fast path on every engine; the new ids are then read back
    # by reference, which is unique, to attach the body regions.
    references = [row["reference"] for row, _regions in batch]
    ids = dict(
        session.execute(
            select(Submission.reference, Submission.id).where(
                Submission.reference.in_(references)
            )
        ).all()
    )
    regions = [
        {"submission_id": ids[row["reference"]], "region": region}
        for row, codes in batch
        for region in codes
    ]
    if regions:
        session.execute(insert(SubmissionRegion), regions)
    session.commit()
    return len(batch)
