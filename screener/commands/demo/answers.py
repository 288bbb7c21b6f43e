"""Made-up patients for demonstrations, benchmarks and tests, following questions.yaml.

Answers are drawn by walking the questionnaire as a patient would, so `show_if` is
respected: nothing is answered that would not have been asked. Answers that raise a
red flag are drawn rarely, as in real life.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from ...db.clock import utc_now
from ...db.models import PRIORITY
from ...db.models import STATUSES
from ...pathway import redflags
from ...pathway import route as flow
from ...questionnaire import AnswerValue
from ...questionnaire import Questionnaire
from ...questionnaire.conditions import comparisons
from ...questionnaire.model import AnyQuestion
from ...questionnaire.model import ChoiceQuestionBase
from ...questionnaire.model import FreeTextQuestion
from ...questionnaire.model import MultipleChoiceQuestion
from ...submissions import export
from ...submissions.references import ALPHABET
from ...submissions.references import PREFIX
from ...triage import distribution

#: Chance of picking an answer that raises a red flag, where one is on offer.
RED_FLAG_CHANCE = 0.02
STATUS_WEIGHTS = (40, 30, 20, 10)
#: Distinct patients drawn; rows reuse them, so drawing never limits inserting.
POOL = 500
FREE_TEXT = (
    "It is worse when I am tired.",
    "My neck has been like this for about two years.",
    "Writing is the hardest thing.",
    "=SUM(1+1)",  # a formula-like answer, so exports are exercised honestly
)


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


@dataclass
class Patient:
    """One made-up patient: the column values their answers fix, encoded once."""

    values: tuple[Any, ...]
    regions: list[str]
    #: Also among the values; the triage rank follows it (with the status).
    priority: int


#: reference, date sent, status, patient.
Row = tuple[str, dt.date, str, Patient]


def _patient(q: Questionnaire, answers: dict[str, AnswerValue]) -> Patient:
    flags = redflags.raised(q, answers)
    level = redflags.highest_level(flags) or "none"
    values = (
        q.version,
        q.content_hash,
        orjson.dumps(answers).decode(),
        level,
        PRIORITY[level],
        orjson.dumps([flag.id for flag in flags]).decode(),
        export.stored_cells(q, answers),
        export.cells_key(q),
        distribution.pattern(q, answers),
    )
    return Patient(values, q.regions_reported(answers), PRIORITY[level])


def rows(
    q: Questionnaire,
    count: int,
    days: int,
    seed: int,
    taken: Iterable[str] = (),
) -> Iterator[Row]:
    """Yield `count` made-up submissions, drawn from a pool of patients, with
    reference codes unlike each other and unlike any in `taken`."""
    rng = random.Random(seed)  # noqa: S311  (made-up data, not a secret)
    maker = AnswerMaker(q, rng)
    pool = [_patient(q, maker.answers()) for _ in range(min(count, POOL))]
    today = utc_now().date()
    references = set(taken)
    for _ in range(count):
        day = today - dt.timedelta(days=rng.randrange(days))
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        yield (
            _unique_reference(rng, references),
            day,
            status,
            pool[rng.randrange(len(pool))],
        )


def _unique_reference(rng: random.Random, used: set[str]) -> str:
    while True:
        code = "".join(rng.choices(ALPHABET, k=8))
        reference = f"{PREFIX}-{code[:4]}-{code[4:]}"
        if reference not in used:
            used.add(reference)
            return reference
