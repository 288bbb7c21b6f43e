"""Red flags are safety logic: their questions are always answered, or provably hidden
only when the flag could not be raised anyway; the safety check comes first; and an
emergency message does not offer a slower alternative."""

from __future__ import annotations

from collections.abc import Iterator

from ..conditions import comparisons
from ..conditions import describe
from ..document import Questionnaire
from ..logic import alternatives
from ..logic import clause_implies
from ..model import ChoiceQuestionBase
from ..model import Condition
from ..model import RedFlag
from ..problems import Problem
from ..voice import markers_in
from .reach import option_codes

#: Names of settings that point somewhere slower than an ambulance.
_SLOWER_HELP = {"urgent_help", "urgent_number"}


def red_flags(q: Questionnaire) -> list[Problem]:
    problems: list[Problem] = []
    for flag in q.file.red_flags:
        problems += _answered_problems(q, flag)
    problems += _first_page_problems(q)
    problems += _emergency_text_problems(q)
    return problems


def _hiders(q: Questionnaire, question_id: str) -> list[tuple[str, Condition]]:
    """The show_ifs that can hide a question: its own, its page's, its section's."""
    ref = q.page_of(question_id)
    named = (
        (f"question '{question_id}'", q.question(question_id).show_if),
        (f"its page '{ref.id}'", ref.page.show_if),
        (f"its section '{ref.section.id}'", ref.section.show_if),
    )
    return [(name, condition) for name, condition in named if condition is not None]


def _answered_problems(q: Questionnaire, flag: RedFlag) -> Iterator[Problem]:
    """A flag's questions are required, and any show_if that can hide one is already
    required by every way the flag can be raised, so hiding never suppresses it."""
    where = f"red flag '{flag.id}'"
    used = {t.question for t in comparisons(flag.when) if q.has_question(t.question)}
    for question_id in sorted(used, key=q.position):
        question = q.question(question_id)
        if not question.required:
            yield Problem(
                where,
                f"uses question '{question_id}', which is optional; "
                "red-flag questions must be required",
            )
        if isinstance(question, ChoiceQuestionBase) and question.choices_from:
            yield Problem(
                where,
                f"uses question '{question_id}', whose choices come from an earlier "
                "answer; red flags must use questions with fixed choices",
            )
    for clause in alternatives(flag.when):
        for question_id in dict.fromkeys(test.question for test in clause):
            if question_id not in used:
                continue
            for name, hider in _hiders(q, question_id):
                if not clause_implies(clause, hider, q.question, option_codes(q)):
                    yield Problem(
                        where,
                        f"uses question '{question_id}', but {name} has a show_if "
                        f"({describe(hider)}) that could hide it while the flag "
                        "could still be raised; add that condition to the flag (or "
                        "ask the question always), so hiding can never suppress it",
                    )


def _first_page_problems(q: Questionnaire) -> Iterator[Problem]:
    first_page = q.pages[0].page
    first_questions = {question.id for question in first_page.questions}
    asks_emergency = any(
        test.question in first_questions
        for flag in q.file.red_flags
        if flag.level == "emergency"
        for test in comparisons(flag.when)
    )
    if not asks_emergency:
        yield Problem(
            f"page '{first_page.id}'",
            "the first page must be the safety check: "
            "no emergency red flag uses its questions",
        )


def _emergency_text_problems(q: Questionnaire) -> Iterator[Problem]:
    """A call-999 message must not dilute itself with "or call 111"."""
    level = q.file.red_flag_levels["emergency"]
    texts = [("red-flag level 'emergency'", level.action, level.detail)]
    texts += [
        (f"red flag '{flag.id}'", flag.reason, flag.advice or "")
        for flag in q.file.red_flags
        if flag.level == "emergency"
    ]
    for where, *parts in texts:
        slower = sorted(
            {name for text in parts for name in markers_in(text)} & _SLOWER_HELP
        )
        if slower:
            yield Problem(
                where,
                f"an emergency message names {{{slower[0]}}}; it must say to call the "
                "emergency number and nothing slower",
            )
