"""Red flags: which ones the answers raise, and the most urgent level among them."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence

from ..questionnaire import Answers
from ..questionnaire import AnswerValue
from ..questionnaire import Questionnaire
from ..questionnaire import holds
from ..questionnaire.levels import RED_FLAG_LEVELS
from ..questionnaire.levels import RedFlagLevel
from ..questionnaire.logic import alternatives
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import Comparison
from ..questionnaire.model import RedFlag


def raised(q: Questionnaire, answers: Answers) -> list[RedFlag]:
    """List the red flags the answers raise, most urgent first."""
    return [flag for flag, raises in q.red_flag_tests if raises(answers)]


def highest_level(flags: Iterable[RedFlag]) -> RedFlagLevel | None:
    """Return the most urgent level among the flags, or None if there are none."""
    levels = {flag.level for flag in flags}
    return next((level for level in RED_FLAG_LEVELS if level in levels), None)


def by_level(flags: Sequence[RedFlag]) -> dict[RedFlagLevel, list[RedFlag]]:
    """Group flags by level, most urgent level first, leaving out empty levels."""
    grouped: dict[RedFlagLevel, list[RedFlag]] = {}
    for level in RED_FLAG_LEVELS:
        matching = [flag for flag in flags if flag.level == level]
        if matching:
            grouped[level] = matching
    return grouped


def what_raised(
    q: Questionnaire, flag: RedFlag, answers: Answers
) -> list[tuple[AnyQuestion, AnswerValue]]:
    """The answers that raised the flag, each cut to the part that counts: for "ticked
    any of these", only the boxes ticked that are among them. In questionnaire order."""
    clause = next(
        (c for c in alternatives(flag.when) if all(holds(t, answers) for t in c)), ()
    )
    found: dict[str, AnswerValue] = {}
    for test in clause:
        value = _relevant(test, answers[test.question])
        earlier = found.get(test.question)
        if isinstance(earlier, list) and isinstance(value, list):
            value = earlier + [code for code in value if code not in earlier]
        found[test.question] = value
    ordered = sorted(found, key=q.position)
    return [(q.question(qid), found[qid]) for qid in ordered]


def _relevant(test: Comparison, value: AnswerValue) -> AnswerValue:
    if not isinstance(value, list):
        return value
    if test.operator == "includes":
        return [test.operand]
    if test.operator == "includes_any":
        return [code for code in value if code in test.operand]
    return value
