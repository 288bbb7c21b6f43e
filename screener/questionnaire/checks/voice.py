"""Text speaks to whoever is answering (see voice.py), so each text is checked for it.

Until "who is answering" has been answered, text must suit everyone: no marker for
"them" (we cannot know yet). After that, every "you" must say whom it means: {they}
and friends for the person the questionnaire is about, {you} for the reader; and
nobody can be made to say "my jaw" about someone else. Contact numbers are settings,
never written into the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..conditions import comparisons
from ..document import Questionnaire
from ..model import ChoiceQuestionBase
from ..problems import Problem
from ..texts import Passage
from ..texts import patient_texts
from ..voice import EXAMPLE_SETTINGS
from ..voice import first_person
from ..voice import person_markers
from ..voice import unknown_markers
from ..voice import unmarked_second_person

#: The default numbers, which a text would otherwise hard-code.
_NUMBERS = {
    value: name
    for name, value in EXAMPLE_SETTINGS.items()
    if name.endswith("_number") and value
}
_NUMBER_PATTERN = re.compile(
    r"(?<!\d)(" + "|".join(re.escape(n) for n in _NUMBERS) + r")(?!\d)"
)


def voice(q: Questionnaire) -> list[Problem]:
    early = _shown_before_voice_is_known(q)
    return [
        problem
        for passage in patient_texts(q.file)
        for problem in _passage_problems(passage, passage.shown in early)
    ]


def _shown_before_voice_is_known(q: Questionnaire) -> set[str]:
    """The places (`Passage.shown`) a patient reaches before saying who is answering.

    That is every page up to the one asking it, any red flag raised only by answers on
    earlier pages (its advice follows straight away), the red-flag levels (shown with
    any flag), the title, and the choice lists those early questions use.
    """
    tested = [t.question for t in comparisons(q.file.answering_for_someone_else)]
    voice_index = max(
        (q.page_of(qid).index for qid in tested if q.has_question(qid)), default=0
    )
    early = {"title", "red-flag levels"}
    for ref in q.pages[: voice_index + 1]:
        early.add(f"page {ref.id}")
        for question in ref.page.questions:
            if isinstance(question, ChoiceQuestionBase) and question.choice_list:
                early.add(f"choice list {question.choice_list}")
    for flag in q.file.red_flags:
        pages = [
            q.page_of(t.question).index
            for t in comparisons(flag.when)
            if q.has_question(t.question)
        ]
        if pages and max(pages) < voice_index:
            early.add(f"red flag {flag.id}")
    return early


def _passage_problems(passage: Passage, early: bool) -> Iterator[Problem]:
    where, text = passage.where, passage.text
    for name in unknown_markers(text):
        yield Problem(
            where,
            f"unknown name {{{name}}} in {text!r}; use a marker such as {{their}} or "
            "{you}, or a setting such as {emergency_number}",
        )
    for number in _NUMBER_PATTERN.findall(text):
        yield Problem(
            where,
            f"the number {number} is written into {text!r}; write "
            f"{{{_NUMBERS[number]}}} so that it follows the deployment's settings",
        )
    if early:
        for marker in person_markers(text):
            yield Problem(
                where,
                f"{{{marker}}} in {text!r} is shown before we know who is answering; "
                "word it for anyone, e.g. 'you, or the person you are answering for'",
            )
        return
    for word in unmarked_second_person(text):
        yield Problem(
            where,
            f"'{word}' in {text!r} must say whom it means: write {{their}}, {{they}} "
            "and so on for the person the questionnaire is about (they read 'your' "
            f"to that person), or {{{word.lower()}}} for whoever is reading",
        )
    for word in first_person(text):
        yield Problem(
            where,
            f"'{word}' in {text!r} cannot be said by a parent or carer; name the part "
            "instead (e.g. '{Their} jaw pulls open')",
        )
