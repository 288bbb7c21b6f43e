"""Evaluate `show_if` and red-flag conditions against a patient's answers."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from .model import AllOf
from .model import AnyOf
from .model import Comparison
from .model import Condition

#: One answer: a choice code, several codes (multiple choice), a whole number, or text.
AnswerValue = str | int | list[str]
Answers = Mapping[str, AnswerValue]


def holds(condition: Condition, answers: Answers) -> bool:
    """Tell whether the condition is true; an unanswered question makes a test false."""
    if isinstance(condition, AnyOf):
        return any(holds(part, answers) for part in condition.any)
    if isinstance(condition, AllOf):
        return all(holds(part, answers) for part in condition.all)
    value = answers.get(condition.question)
    return value is not None and _compare(condition, value)


def _compare(test: Comparison, value: AnswerValue) -> bool:
    operand = test.operand
    match test.operator:
        case "equals":
            return bool(value == operand)
        case "one_of":
            return value in operand
        case "not_one_of":
            return value not in operand
        case "includes":
            return isinstance(value, list) and operand in value
        case "includes_any":
            return isinstance(value, list) and any(code in value for code in operand)
        case "selected_at_least":
            return isinstance(value, list) and len(value) >= operand
        case "at_least":
            return isinstance(value, int) and value >= operand
        case "at_most":
            return isinstance(value, int) and value <= operand
    raise AssertionError(f"unhandled operator {test.operator}")  # pragma: no cover


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
