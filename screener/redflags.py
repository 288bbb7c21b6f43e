"""Red flags: which ones the answers raise, and the most urgent level among them."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from functools import lru_cache

from .questionnaire import Answers
from .questionnaire import Questionnaire
from .questionnaire.conditions import Test
from .questionnaire.conditions import compile_condition
from .questionnaire.model import RED_FLAG_LEVELS
from .questionnaire.model import RedFlag
from .questionnaire.model import RedFlagLevel


def raised(q: Questionnaire, answers: Answers) -> list[RedFlag]:
    """List the red flags the answers raise, most urgent first."""
    return [flag for flag, raises in _by_urgency(q) if raises(answers)]


@lru_cache(maxsize=16)  # one questionnaire per app; tests make a few more
def _by_urgency(q: Questionnaire) -> tuple[tuple[RedFlag, Test], ...]:
    """Each red flag with its compiled condition, most urgent first: every saved page
    tests them all."""
    flags = sorted(q.file.red_flags, key=lambda flag: RED_FLAG_LEVELS.index(flag.level))
    return tuple((flag, compile_condition(flag.when)) for flag in flags)


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
