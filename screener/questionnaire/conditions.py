"""Evaluate `show_if` and red-flag conditions against a patient's answers."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from .model import AllOf
from .model import AnyOf
from .model import Comparison
from .model import Condition

#: One answer: a choice code, several codes (multiple choice), a whole number, or text.
AnswerValue = str | int | list[str]
Answers = Mapping[str, AnswerValue]
#: A condition made into a function of the answers (see `compile_condition`).
Test = Callable[[Answers], bool]


def holds(condition: Condition, answers: Answers) -> bool:
    """Tell whether the condition is true; an unanswered question makes a test false.

    Code that tests the same condition again and again compiles it once instead.
    """
    return compile_condition(condition)(answers)


def compile_condition(condition: Condition) -> Test:
    """Make the condition a function of the answers.

    Each page view tests every show_if in the questionnaire, and walking the pydantic
    models every time was a large part of a request; a compiled test is a few closures.
    """
    if isinstance(condition, AnyOf):
        parts = tuple(compile_condition(part) for part in condition.any)
        return lambda answers: any(part(answers) for part in parts)
    if isinstance(condition, AllOf):
        parts = tuple(compile_condition(part) for part in condition.all)
        return lambda answers: all(part(answers) for part in parts)
    question, compare = condition.question, _COMPARISONS[condition.operator]
    operand = condition.operand
    if isinstance(operand, list):
        operand = frozenset(operand)  # membership tests, and the same truth as a list

    def test(answers: Answers) -> bool:
        value = answers.get(question)
        return value is not None and compare(value, operand)

    return test


_COMPARISONS: dict[str, Callable[[AnswerValue, Any], bool]] = {
    "equals": lambda value, operand: bool(value == operand),
    # A list (a multiple-choice answer) is never one of the codes, as in `holds`.
    "one_of": lambda value, operand: not isinstance(value, list) and value in operand,
    "not_one_of": lambda value, operand: (
        isinstance(value, list) or value not in operand
    ),
    "includes": lambda value, operand: isinstance(value, list) and operand in value,
    "includes_any": lambda value, operand: (
        isinstance(value, list) and not operand.isdisjoint(value)
    ),
    "selected_at_least": lambda value, operand: (
        isinstance(value, list) and len(value) >= operand
    ),
    "at_least": lambda value, operand: isinstance(value, int) and value >= operand,
    "at_most": lambda value, operand: isinstance(value, int) and value <= operand,
}


def comparisons(condition: Condition) -> Iterator[Comparison]:
    """Yield every single-question test inside a condition."""
    if isinstance(condition, AnyOf | AllOf):
        for part in condition.any if isinstance(condition, AnyOf) else condition.all:
            yield from comparisons(part)
    else:
        yield condition


_OPERATOR_WORDS = {
    "equals": "is",
    "one_of": "is one of",
    "not_one_of": "is not one of",
    "includes": "includes",
    "includes_any": "includes any of",
    "selected_at_least": "has at least this many ticked:",
    "at_least": "is at least",
    "at_most": "is at most",
}


def describe(condition: Condition) -> str:
    """Say a condition in words, e.g. "body_regions includes neck"."""
    if isinstance(condition, AnyOf):
        return "(" + " or ".join(describe(part) for part in condition.any) + ")"
    if isinstance(condition, AllOf):
        return "(" + " and ".join(describe(part) for part in condition.all) + ")"
    operand = condition.operand
    value = ", ".join(operand) if isinstance(operand, list) else str(operand)
    return f"{condition.question} {_OPERATOR_WORDS[condition.operator]} {value}"
