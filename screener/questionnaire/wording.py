"""Wording rules for patient-facing text: no diagnostic language, plain reading."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import textstat
from textstat.textstat import textstatistics

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
#: Phrases that tie what a patient reported to a condition without saying "you have":
#: a label by implication. "*" stands for a few words.
DEFAULT_IMPLIED_LABEL_PHRASES: tuple[str, ...] = (
    "recognised feature",
    "recognized feature",
    "known feature",
    "a feature of",
    "typical of",
    "typical for",
    "typical sign",
    "classic sign",
    "hallmark",
    "characteristic of",
    "most common type",
    "commonest type",
    "the most common form",
    "a sign of dystonia",
    "a type of dystonia",
    "this is what * looks like",
    "points to",
    "is a symptom of",
    "suggests",
)
#: Conditions that a conditional text (a module chosen by the answers, a red flag) must
#: not name: naming one next to the patient's own answers reads as a label.
DEFAULT_CONDITION_NAMES: tuple[str, ...] = (
    "dystonia",
    "dystonic",
    "parkinson",
    "parkinsonism",
    "stroke",
    "wilson",
    "epilepsy",
    "seizure",
    "encephalitis",
    "meningitis",
    "tumour",
    "tumor",
    "syndrome",
    "disease",
    "torticollis",
    "blepharospasm",
    "dysphonia",
    "tardive",
    "palsy",
    "sclerosis",
    "tic disorder",
    "functional movement disorder",
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
    implied_label_phrases: tuple[str, ...] = DEFAULT_IMPLIED_LABEL_PHRASES
    condition_names: tuple[str, ...] = DEFAULT_CONDITION_NAMES
    #: The language the phrases are in and the texts are graded in. English is graded
    #: by Flesch-Kincaid grade (at most `max_reading_grade`); another language by the
    #: reading-ease index textstat has for it (at least `min_reading_ease`).
    language: str = "en"
    min_reading_ease: float = 0.0


def _normalise(text: str) -> str:
    text = (
        text.lower()
        .replace("\u2019", "'")
        .replace("can't", "cannot")
        .replace("can not", "cannot")
    )
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=1024)  # the same few dozen phrases, for every text in the file
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Whole words, any spacing; "*" stands for up to five words."""
    words = [
        r"(?:\S+\s+){0,4}\S+" if word == "*" else re.escape(word)
        for word in _normalise(phrase).split()
    ]
    return re.compile(r"\b" + r"\s+".join(words) + r"(?!\w)")


def phrases_in(text: str, phrases: Iterable[str]) -> list[str]:
    """Return the phrases found in the text (whole words, any case)."""
    cleaned = _normalise(text)
    return [phrase for phrase in phrases if _phrase_pattern(phrase).search(cleaned)]


def condition_names_in(text: str, rules: WordingRules) -> list[str]:
    """Conditions named in the text; a name also matches its plural or possessive."""
    cleaned = _normalise(text)
    return [
        name for name in rules.condition_names if _name_pattern(name).search(cleaned)
    ]


@lru_cache(maxsize=256)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(name.lower()))


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


@lru_cache(maxsize=4096)  # both voices share most texts: grade each once
def reading_grade(text: str) -> float | None:
    """Return the Flesch-Kincaid grade, or None when the text is too short to grade."""
    if textstat.lexicon_count(text) < MIN_WORDS_TO_GRADE:
        return None
    return float(textstat.flesch_kincaid_grade(text))


#: Reading-ease formulas textstat has for languages other than English, by language:
#: its name for the formula, and the name said in messages.
READING_EASE: dict[str, tuple[str, str]] = {
    "es": ("fernandez_huerta", "Fernández Huerta reading ease"),
}


@lru_cache(maxsize=8)
def _textstat_for(language: str) -> textstatistics:
    """A textstat of its own per language: `set_lang` on the shared one would change
    how every other caller counts syllables."""
    measure = textstatistics()
    measure.set_lang(language)
    return measure


@lru_cache(maxsize=4096)
def reading_ease(text: str, language: str) -> float | None:
    """The language's reading-ease index (higher is easier), or None when the text
    is too short to grade."""
    if textstat.lexicon_count(text) < MIN_WORDS_TO_GRADE:
        return None
    formula, _name = READING_EASE[language]
    return float(getattr(_textstat_for(language), formula)(text))


def reading_problem(text: str, rules: WordingRules) -> str | None:
    """What is wrong with how hard the text is to read, under the rules' language."""
    if rules.language == "en":
        grade = reading_grade(text)
        if grade is None or grade <= rules.max_reading_grade:
            return None
        return (
            f"reading grade {grade:.1f} is above {rules.max_reading_grade:g}; "
            f"use shorter sentences and plainer words: {text!r}"
        )
    ease = reading_ease(text, rules.language)
    if ease is None or ease >= rules.min_reading_ease:
        return None
    name = READING_EASE[rules.language][1]
    return (
        f"{name} {ease:.0f} is below {rules.min_reading_ease:g}; "
        f"use shorter sentences and plainer words: {text!r}"
    )


def as_sentences(parts: Iterable[str]) -> str:
    """Join short texts (labels, headings) into one passage of separate sentences."""
    return " ".join(
        part if part.rstrip().endswith((".", "?", "!", ":")) else f"{part}."
        for part in parts
    )
