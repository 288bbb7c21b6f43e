"""Patient text is never diagnostic, never a label by implication, and plain to read:
checked as each reader sees it, in the person's own voice and as a carer reads it."""

from __future__ import annotations

import statistics
from collections.abc import Iterator

from ..document import Questionnaire
from ..problems import Problem
from ..texts import patient_texts
from ..texts import reading_passages
from ..voice import VOICES
from ..wording import READING_EASE
from ..wording import WordingRules
from ..wording import condition_names_in
from ..wording import diagnostic_phrases_in
from ..wording import phrases_in
from ..wording import reading_ease
from ..wording import reading_grade
from ..wording import reading_problem

_AS_READ = {"self": "", "proxy": "as a parent or carer reads it"}


def wording(
    as_written: Questionnaire, worded: Questionnaire, rules: WordingRules
) -> list[Problem]:
    """Check every text in both voices; report each problem once."""
    found: dict[tuple[str, str], Problem] = {}
    for voice in VOICES:
        for where, message in _problems(worded.in_voice(voice), rules):
            # A text that reads the same in both voices is reported once.
            if (where, message) not in found:
                said = f"{_AS_READ[voice]}: {message}" if voice == "proxy" else message
                found[(where, message)] = Problem(where, said)
    for problem in _condition_problems(as_written, rules):
        found.setdefault((problem.where, problem.message), problem)
    return list(found.values())


def _problems(q: Questionnaire, rules: WordingRules) -> Iterator[tuple[str, str]]:
    for where, text, _shown, _conditional in patient_texts(q.file):
        for phrase in diagnostic_phrases_in(text, rules):
            yield where, f"diagnostic wording {phrase!r} in {text!r}"
        for phrase in phrases_in(text, rules.implied_label_phrases):
            yield (
                where,
                f"wording that ties the answers to a condition {phrase!r} in "
                f"{text!r}; describe what a specialist looks at instead",
            )
    for where, text, _shown, _conditional in reading_passages(q.file):
        problem = reading_problem(text, rules)
        if problem:
            yield where, problem


def reading_figures(q: Questionnaire, rules: WordingRules) -> tuple[str, float, float]:
    """How hard the texts are to read, in both voices: the measure's name, the worst
    passage's figure and the median (a grade for English, where lower is easier; a
    reading ease for another language, where higher is)."""
    figures = []
    for voice in VOICES:
        for passage in reading_passages(q.in_voice(voice).file):
            if rules.language == "en":
                figure = reading_grade(passage.text)
            else:
                figure = reading_ease(passage.text, rules.language)
            if figure is not None:
                figures.append(figure)
    english = rules.language == "en"
    name = "Flesch-Kincaid grade" if english else READING_EASE[rules.language][1]
    worst = max(figures) if english else min(figures)
    return name, worst, statistics.median(figures)


def _condition_problems(q: Questionnaire, rules: WordingRules) -> Iterator[Problem]:
    """Text chosen by the answers (a conditional module, a red flag, a note) names no
    condition: beside "You told us about your neck", any name reads as a label."""
    for where, text, _shown, conditional in patient_texts(q.file):
        if not conditional:
            continue
        for name in condition_names_in(text, rules):
            yield Problem(
                where,
                f"names a condition ({name!r}) in text shown because of the answers: "
                f"{text!r}; say what a specialist will look at, and keep information "
                "about conditions in the modules everyone sees",
            )
