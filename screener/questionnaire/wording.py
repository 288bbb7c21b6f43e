"""Wording rules for patient-facing text: no diagnostic language, plain reading."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import textstat

#: Phrases that would tell a patient what they have, or how likely it is.
DEFAULT_DIAGNOSTIC_PHRASES: tuple[str, ...] = (
    "you have",
    "you may have",
    "you might have",
    "you could have",
    "you probably have",
    "likely to have",
    "likely",
    "probable",
    "probably",
    "diagnosis of",
    "diagnosed with",
    "consistent with",
    "suggestive of",
    "your score",
)
#: Sentences that contain a banned phrase but say the opposite, so they are allowed.
DEFAULT_ALLOWED_PHRASES: tuple[str, ...] = (
    "this is not a diagnosis",
    "cannot tell you whether you have",
)
#: US school grade; about reading age 13. The brief aims at 9 to 11 (grades 6 to 8).
DEFAULT_MAX_READING_GRADE = 8.0
#: Flesch-Kincaid means little on a handful of words: shorter passages are not graded.
MIN_WORDS_TO_GRADE = 5


@dataclass(frozen=True)
class WordingRules:
    diagnostic_phrases: tuple[str, ...] = DEFAULT_DIAGNOSTIC_PHRASES
    allowed_phrases: tuple[str, ...] = DEFAULT_ALLOWED_PHRASES
    max_reading_grade: float = DEFAULT_MAX_READING_GRADE


def _normalise(text: str) -> str:
    text = (
        text.lower()
        .replace("\u2019", "'")
        .replace("can't", "cannot")
        .replace("can not", "cannot")
    )
    return re.sub(r"\s+", " ", text)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in _normalise(phrase).split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"\b")


def diagnostic_phrases_in(text: str, rules: WordingRules) -> list[str]:
    """Return the banned phrases found in the text, after removing allowed sentences."""
    cleaned = _normalise(text)
    for allowed in rules.allowed_phrases:
        cleaned = _phrase_pattern(allowed).sub(" ", cleaned)
    return [
        phrase
        for phrase in rules.diagnostic_phrases
        if _phrase_pattern(phrase).search(cleaned)
    ]


def reading_grade(text: str) -> float | None:
    """Return the Flesch-Kincaid grade, or None when the text is too short to grade."""
    if textstat.lexicon_count(text) < MIN_WORDS_TO_GRADE:
        return None
    return float(textstat.flesch_kincaid_grade(text))


def as_sentences(parts: Iterable[str]) -> str:
    """Join short texts (labels, headings) into one passage of separate sentences."""
    return " ".join(
        part if part.rstrip().endswith((".", "?", "!", ":")) else f"{part}."
        for part in parts
    )
