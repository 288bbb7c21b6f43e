"""Red flags: which ones the answers raise, and the most urgent level among them."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence

from .questionnaire import Answers
from .questionnaire import Questionnaire
from .questionnaire import holds
from .questionnaire.model import RED_FLAG_LEVELS
from .questionnaire.model import RedFlag
from .questionnaire.model import RedFlagLevel


def raised(q: Questionnaire, answers: Answers) -> list[RedFlag]:
    """List the red flags the answers raise, most urgent first."""
    flags = [flag for flag in q.file.red_flags if holds(flag.when, answers)]
    return sorted(flags, key=lambda flag: RED_FLAG_LEVELS.index(flag.level))


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
