"""How long the questionnaire is: the questions and pages a patient meets on each path.

Length is a clinical property: our patients tire fast, and every question costs them.
Two paths are measured for each choice of body regions:

- the shortest: answers that open no follow-up (no pump, no attacks, no medicines...);
- the longest: answers that open every follow-up the content allows together.

Every question shown counts, the safety ones included. Answers that no `show_if`
tests cannot change the path, so only the tested ones are varied, and of those only
one answer per group of answers that every test treats alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..questionnaire import AnswerValue
from ..questionnaire import Questionnaire
from ..questionnaire.conditions import comparisons
from ..questionnaire.conditions import holds
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import Comparison
from ..questionnaire.model import MultipleChoiceQuestion
from ..questionnaire.model import NumberQuestion
from ..questionnaire.model import ScaleQuestion
from . import route as flow

#: The targets clinical content issue 9 set: (questions, pages).
ONE_REGION_TARGET = (35, 15)
EVERY_REGION_TARGET = (70, 25)


@dataclass(frozen=True)
class PathLength:
    questions: int
    pages: int


@dataclass(frozen=True)
class Lengths:
    """The shortest and longest paths for one choice of body regions."""

    regions: tuple[str, ...]
    shortest: PathLength
    longest: PathLength


def _visibility_tests(q: Questionnaire) -> dict[str, list[Comparison]]:
    """The tests each question's answer meets in a show_if: the only answers that can
    change which questions come later."""
    tests: dict[str, list[Comparison]] = {}
    for ref in q.pages:
        for item in (ref.section, ref.page, *ref.page.questions):
            if item.show_if is not None:
                for test in comparisons(item.show_if):
                    tests.setdefault(test.question, []).append(test)
    return tests


def _candidates(question: object, q: Questionnaire) -> list[AnswerValue]:
    if isinstance(question, MultipleChoiceQuestion):
        options = q.options(question)
        everything = [c.code for c in options if not c.exclusive]
        return [everything, *([c.code] for c in options)] if everything else []
    if isinstance(question, ChoiceQuestionBase):
        return [c.code for c in q.options(question)]
    if isinstance(question, ScaleQuestion | NumberQuestion):
        return [question.min, question.max]
    return []


def _representatives(
    q: Questionnaire, question_id: str, tests: list[Comparison]
) -> list[AnswerValue]:
    """One answer per group of answers that pass the same tests."""
    seen: dict[tuple[bool, ...], AnswerValue] = {}
    for value in _candidates(q.question(question_id), q):
        outcome = tuple(holds(test, {question_id: value}) for test in tests)
        seen.setdefault(outcome, value)
    return list(seen.values())


def path_lengths(q: Questionnaire, regions: list[str]) -> Lengths:
    """Measure the shortest and longest paths when these regions are ticked."""
    tests = _visibility_tests(q)
    regions_question = q.file.regions_question
    start = PathLength(0, 0)
    results = list(
        _walk(q, 0, {regions_question: regions}, tests, regions_question, start)
    )
    return Lengths(
        regions=tuple(regions),
        shortest=PathLength(
            min(r.questions for r in results), min(r.pages for r in results)
        ),
        longest=PathLength(
            max(r.questions for r in results), max(r.pages for r in results)
        ),
    )


def _walk(
    q: Questionnaire,
    start: int,
    answers: dict[str, AnswerValue],
    tests: dict[str, list[Comparison]],
    regions_question: str,
    counted: PathLength,
) -> Iterator[PathLength]:
    for index in range(start, len(q.pages)):
        ref = q.pages[index]
        shown = flow.visible_questions(q, ref, answers)
        if not shown:
            continue
        counted = PathLength(counted.questions + len(shown), counted.pages + 1)
        branching = [
            question.id
            for question in shown
            if question.id in tests and question.id != regions_question
        ]
        if branching:
            yield from _branch(q, index, answers, tests, regions_question, counted)
            return
    yield counted


def _branch(
    q: Questionnaire,
    index: int,
    answers: dict[str, AnswerValue],
    tests: dict[str, list[Comparison]],
    regions_question: str,
    counted: PathLength,
) -> Iterator[PathLength]:
    """Try each way of answering the page's branching questions, then go on."""
    ref = q.pages[index]
    choices: list[dict[str, AnswerValue]] = [{}]
    for question in flow.visible_questions(q, ref, answers):
        if question.id not in tests or question.id == regions_question:
            continue
        choices = [
            {**chosen, question.id: value}
            for chosen in choices
            for value in _representatives(q, question.id, tests[question.id])
        ]
    for chosen in choices:
        yield from _walk(
            q, index + 1, {**answers, **chosen}, tests, regions_question, counted
        )


def every_path(q: Questionnaire) -> tuple[list[Lengths], Lengths]:
    """Each single region on its own, and every region ticked."""
    regions = [c.code for c in q.regions]
    return [path_lengths(q, [code]) for code in regions], path_lengths(q, regions)
