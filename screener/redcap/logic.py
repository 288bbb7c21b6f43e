"""show_if conditions as REDCap branching logic.

Every operator in questions.yaml (`model.OPERATORS`) has a translation below, and a
test checks that none is missing. Each keeps our rule that a test of an unanswered
question is false:

- equals, one_of: `[q] = 'a'`, `([q] = 'a' or [q] = 'b')`; blank is never a code.
- not_one_of: `([q] <> '' and [q] <> 'ASKU' and [q] <> 'a' ...)`. In REDCap a blank
  radio is "not 'a'", so "answered" must be said; and an optional question left
  blank holds the missing-data code ASKU once our CSV is imported, which is no answer
  either.
- includes, includes_any: a checkbox option is `[q(code)]`, '1' when ticked and '0'
  otherwise (never blank), so `[q(a)] = '1'` and `([q(a)] = '1' or [q(b)] = '1')`.
- selected_at_least n: `sum([q(a)], [q(b)], ...) >= n` over every option. An
  answer we store always has something ticked, so n below 1 means "answered", >= 1.
- at_least, at_most: `([q] <> '' and [q] <> 'ASKU' and [q] >= 16)`. REDCap runs
  logic in the browser (JavaScript, where a blank compares as 0) and on the server
  (PHP, where 'ASKU' compares with a number as text), so `[q] <= 3` alone could
  hold for a blank answer; the guard makes the result not depend on either.
- all, any: `(a and b)`, `(a or b)`; one part alone needs no brackets.

A condition that cannot be said (a code that is not a plain code, an empty list,
an operator added to the model but not here) raises `Unmapped`, which the dictionary
reports rather than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from ..questionnaire import Questionnaire
from ..questionnaire.model import AllOf
from ..questionnaire.model import AnyOf
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import Comparison
from ..questionnaire.model import Condition
from ..submissions.export import LEFT_BLANK

#: A value that can go between single quotes in REDCap's logic as it is.
_PLAIN_CODE = re.compile(r"^[a-z0-9_]+$")


class Unmapped(ValueError):
    """A condition that REDCap's branching logic cannot say as we mean it."""


def either(parts: Sequence[str]) -> str:
    return _joined(parts, "or")


def both(parts: Sequence[str]) -> str:
    return _joined(parts, "and")


def _joined(parts: Sequence[str], operator: str) -> str:
    if not parts:
        raise Unmapped(f"nothing to join with '{operator}'")
    if len(parts) == 1:
        return parts[0]
    return "(" + f" {operator} ".join(parts) + ")"


def checked(question: str, code: str) -> str:
    """A checkbox option ticked: how REDCap names one option of a checkbox field."""
    return f"[{question}({_code(code)})] = '1'"


def answered(question: str) -> str:
    """A radio, dropdown or text field holding an answer (not blank, not ASKU)."""
    return f"[{question}] <> '' and [{question}] <> '{LEFT_BLANK}'"


def _code(value: Any) -> str:
    if not isinstance(value, str) or not _PLAIN_CODE.match(value):
        raise Unmapped(f"{value!r} is not a plain answer code")
    return value


def _codes(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise Unmapped(f"{value!r} is not a list of answer codes")
    return [_code(code) for code in value]


def _number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unmapped(f"{value!r} is not a whole number")
    return value


def _equals(field: str, value: Any) -> str:
    return f"[{field}] = '{_code(value)}'"


def _one_of(field: str, value: Any) -> str:
    return either([f"[{field}] = '{code}'" for code in _codes(value)])


def _not_one_of(field: str, value: Any) -> str:
    others = " and ".join(f"[{field}] <> '{code}'" for code in _codes(value))
    return f"({answered(field)} and {others})"


def _includes(field: str, value: Any) -> str:
    return checked(field, value)


def _includes_any(field: str, value: Any) -> str:
    return either([checked(field, code) for code in _codes(value)])


def _at_least(field: str, value: Any) -> str:
    return f"({answered(field)} and [{field}] >= {_number(value)})"


def _at_most(field: str, value: Any) -> str:
    return f"({answered(field)} and [{field}] <= {_number(value)})"


class BranchingLogic:
    """Translates the conditions of one questionnaire (selected_at_least needs the
    options of the question it counts)."""

    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self._operators: dict[str, Callable[[str, Any], str]] = {
            "equals": _equals,
            "one_of": _one_of,
            "not_one_of": _not_one_of,
            "includes": _includes,
            "includes_any": _includes_any,
            "selected_at_least": self._selected_at_least,
            "at_least": _at_least,
            "at_most": _at_most,
        }

    @property
    def operators(self) -> frozenset[str]:
        """The operators this translates: the test compares them with the model's."""
        return frozenset(self._operators)

    def translate(self, condition: Condition) -> str:
        """The condition as REDCap branching logic; raise Unmapped if it cannot be."""
        if isinstance(condition, AnyOf):
            return either([self.translate(part) for part in condition.any])
        if isinstance(condition, AllOf):
            return both([self.translate(part) for part in condition.all])
        return self._comparison(condition)

    def _comparison(self, test: Comparison) -> str:
        translate = self._operators.get(test.operator)
        if translate is None:
            raise Unmapped(f"no REDCap translation for '{test.operator}'")
        return translate(test.question, test.operand)

    def _selected_at_least(self, question_id: str, value: Any) -> str:
        at_least = max(_number(value), 1)
        codes = self.option_codes(question_id)
        ticks = ", ".join(f"[{question_id}({code})]" for code in codes)
        return f"sum({ticks}) >= {at_least}"

    def option_codes(self, question_id: str) -> list[str]:
        """Every option a checkbox field has, whatever a patient was offered."""
        if not self.q.has_question(question_id):
            raise Unmapped(f"'{question_id}' is not a question")
        question = self.q.question(question_id)
        if not isinstance(question, ChoiceQuestionBase):
            raise Unmapped(f"'{question_id}' has no options to count")
        return [_code(choice.code) for choice in self.q.options(question)]

    def any_ticked(self, question_id: str) -> str:
        """Something ticked in a checkbox field: when a question offering its ticked
        options has any to offer."""
        return either([checked(question_id, c) for c in self.option_codes(question_id)])
