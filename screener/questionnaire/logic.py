"""Reasoning about conditions: their alternatives, what one implies, whether one holds.

The checker uses this to prove safety properties of questions.yaml rather than trust
them: that hiding a red-flag question can never suppress its flag, and that no
`show_if` is a condition no patient could ever meet.

Every test needs an answer (an unanswered question makes any test false), so a test
on a question also requires that question to have been shown.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from itertools import product

from .conditions import comparisons
from .model import AllOf
from .model import AnyOf
from .model import ChoiceQuestionBase
from .model import Comparison
from .model import Condition
from .model import MultipleChoiceQuestion
from .model import NumberQuestion
from .model import ScaleQuestion

#: One way for a condition to hold: every test in it holds.
Clause = tuple[Comparison, ...]
#: Looks a question's possible choice codes up by id, with which are exclusive.
Options = Callable[[str], tuple[list[str], set[str]]]
#: A cap on alternatives, far above any real questionnaire, so that a pathological
#: file cannot make the checker run for ever.
MAX_ALTERNATIVES = 4096


def alternatives(condition: Condition) -> list[Clause]:
    """The condition as a list of clauses, any one of which makes it hold (DNF)."""
    if isinstance(condition, AnyOf):
        return [clause for part in condition.any for clause in alternatives(part)][
            :MAX_ALTERNATIVES
        ]
    if isinstance(condition, AllOf):
        combined: list[Clause] = [()]
        for part in condition.all:
            combined = [
                left + right for left, right in product(combined, alternatives(part))
            ][:MAX_ALTERNATIVES]
        return combined
    return [(condition,)]


def _by_question(clause: Iterable[Comparison]) -> dict[str, list[Comparison]]:
    grouped: dict[str, list[Comparison]] = {}
    for test in clause:
        grouped.setdefault(test.question, []).append(test)
    return grouped


# --- One question's answers ----------------------------------------------------------


def _codes(operand: object) -> set[str]:
    return {operand} if isinstance(operand, str) else set(operand or [])  # type: ignore[call-overload]


def _single_allowed(tests: list[Comparison], codes: list[str]) -> set[str]:
    """The codes of a single-choice question that pass every test."""
    allowed = set(codes)
    for test in tests:
        chosen = _codes(test.operand)
        if test.operator in ("equals", "one_of"):
            allowed &= chosen
        elif test.operator == "not_one_of":
            allowed -= chosen
    return allowed


def _range(tests: list[Comparison], low: int, high: int) -> tuple[int, int]:
    for test in tests:
        if test.operator == "at_least":
            low = max(low, int(test.operand))
        elif test.operator == "at_most":
            high = min(high, int(test.operand))
    return low, high


def _multiple_satisfiable(
    tests: list[Comparison], codes: list[str], exclusive: set[str]
) -> bool:
    """Whether some valid ticking passes every test: either one exclusive answer on
    its own, or any number of the others."""

    def passes(ticked: set[str]) -> bool:
        return all(
            (test.operator == "includes" and test.operand in ticked)
            or (test.operator == "includes_any" and bool(_codes(test.operand) & ticked))
            or (test.operator == "selected_at_least" and len(ticked) >= test.operand)
            for test in tests
        )

    if any(passes({code}) for code in exclusive):
        return True
    plain = set(codes) - exclusive
    return bool(plain) and passes(plain)  # ticking all of them passes whatever can


def question_satisfiable(
    question: object, tests: list[Comparison], options: Options
) -> bool:
    """Whether one answer to `question` passes all of `tests` (all about it)."""
    if isinstance(question, MultipleChoiceQuestion):
        codes, exclusive = options(question.id)
        return _multiple_satisfiable(tests, codes, exclusive)
    if isinstance(question, ChoiceQuestionBase):
        codes, _exclusive = options(question.id)
        return bool(_single_allowed(tests, codes))
    if isinstance(question, ScaleQuestion | NumberQuestion):
        low, high = _range(tests, question.min, question.max)
        return low <= high
    return True


def test_implied(
    question: object, given: list[Comparison], wanted: Comparison, options: Options
) -> bool:
    """Whether every answer passing all of `given` also passes `wanted`.

    Conservative: False when it cannot tell, so a proof never passes by accident.
    """
    if isinstance(question, MultipleChoiceQuestion):
        return _multiple_implied(given, wanted)
    if isinstance(question, ChoiceQuestionBase):
        codes, _exclusive = options(question.id)
        allowed = _single_allowed(given, codes)
        return allowed <= _single_allowed([wanted], codes)
    if isinstance(question, ScaleQuestion | NumberQuestion):
        low, high = _range(given, question.min, question.max)
        want_low, want_high = _range([wanted], question.min, question.max)
        return want_low <= low and high <= want_high
    return False


def _multiple_implied(given: list[Comparison], wanted: Comparison) -> bool:
    surely_ticked = {t.operand for t in given if t.operator == "includes"}
    some_of = [_codes(t.operand) for t in given if t.operator == "includes_any"]
    at_least = max(
        [t.operand for t in given if t.operator == "selected_at_least"]
        + [len(surely_ticked)]
        + [1 for _ in some_of]
    )
    wanted_codes = _codes(wanted.operand)
    if wanted.operator == "includes":
        return wanted.operand in surely_ticked or any(
            group == wanted_codes for group in some_of
        )
    if wanted.operator == "includes_any":
        return bool(surely_ticked & wanted_codes) or any(
            group <= wanted_codes for group in some_of
        )
    if wanted.operator == "selected_at_least":
        return bool(at_least >= wanted.operand)
    return False


# --- Whole clauses -------------------------------------------------------------------


def clause_implies(
    clause: Clause,
    condition: Condition,
    question_of: Callable[[str], object],
    options: Options,
) -> bool:
    """Whether every set of answers meeting the clause also meets `condition`."""
    given = _by_question(clause)
    return any(
        all(
            test.question in given
            and test_implied(
                question_of(test.question), given[test.question], test, options
            )
            for test in alternative
        )
        for alternative in alternatives(condition)
    )


def clause_satisfiable(
    clause: Clause,
    question_of: Callable[[str], object],
    options: Options,
    shown_if: Callable[[str], Condition | None],
) -> bool:
    """Whether some answers meet the clause, counting that each question it tests
    must have been shown (its own show_if held) to be answered at all."""
    return _satisfiable(clause, frozenset(), question_of, options, shown_if)


def _satisfiable(
    clause: Clause,
    expanded: frozenset[str],
    question_of: Callable[[str], object],
    options: Options,
    shown_if: Callable[[str], Condition | None],
) -> bool:
    grouped = _by_question(clause)
    if not all(
        question_satisfiable(question_of(qid), tests, options)
        for qid, tests in grouped.items()
    ):
        return False
    pending = [qid for qid in grouped if qid not in expanded]
    needs = [c for c in (shown_if(qid) for qid in pending) if c is not None]
    if not needs:
        return True
    done = expanded | set(pending)
    return any(
        _satisfiable(clause + extra, done, question_of, options, shown_if)
        for extra in alternatives(AllOf(all=needs))
    )


def tested_questions(condition: Condition) -> set[str]:
    return {test.question for test in comparisons(condition)}
