"""Which page comes next: the one place that applies `show_if` to the patient's path.

A `Route` is the patient's path for the answers so far, worked out once per request;
views ask it questions and never decide order themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import Answers
from ..questionnaire import AnswerValue
from ..questionnaire import PageRef
from ..questionnaire import Questionnaire
from ..questionnaire import holds
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import MultipleChoiceQuestion


@dataclass(frozen=True)
class Progress:
    section_number: int
    section_count: int
    section_title: str


def visible_questions(
    q: Questionnaire, ref: PageRef, answers: Answers
) -> list[AnyQuestion]:
    """List the page's questions the patient is asked, given earlier answers."""
    return q.page_tests[ref.index].visible(q, answers)


def asked(q: Questionnaire, answers: Answers) -> set[str]:
    """The ids of every question on the path these answers take.

    A finished patient's answers fix their whole path (a `show_if` may only look at
    earlier pages), so this says what they were shown, answered or not.
    """
    return {
        question.id
        for ref in q.pages
        for question in visible_questions(q, ref, answers)
    }


def visible_guidance(q: Questionnaire, ref: PageRef, answers: Answers) -> list[str]:
    """The page's guidance paragraphs, leaving out notes whose condition fails."""
    return [
        note if isinstance(note, str) else note.text
        for note in ref.page.guidance
        if isinstance(note, str) or holds(note.show_if, answers)
    ]


class Route:
    """The pages shown to a patient with these answers, and where each one stands."""

    def __init__(self, q: Questionnaire, answers: Answers) -> None:
        self.answers = answers
        #: Each page the patient is shown, with the questions asked on it.
        self._shown: dict[PageRef, list[AnyQuestion]] = {}
        for ref in q.pages:
            questions = visible_questions(q, ref, answers)
            if questions:
                self._shown[ref] = questions
        self.pages = list(self._shown)
        #: The first page still needing answers; None when every page is done.
        self.first_incomplete = next(
            (ref for ref in self.pages if not self.is_complete(ref)), None
        )

    def questions(self, ref: PageRef) -> list[AnyQuestion]:
        """List the page's questions the patient is asked; none for a skipped page."""
        return self._shown.get(ref, [])

    def is_complete(self, ref: PageRef) -> bool:
        """Tell whether every required question on the page has an answer."""
        return all(
            question.id in self.answers
            for question in self.questions(ref)
            if question.required
        )

    @property
    def is_finished(self) -> bool:
        return self.first_incomplete is None

    def is_reachable(self, ref: PageRef) -> bool:
        """A page can be opened once every shown page before it is complete."""
        blocker = self.first_incomplete
        return blocker is None or ref.index <= blocker.index

    def next_page(self, ref: PageRef) -> PageRef | None:
        """Return the shown page after this one; None means "Check your answers"."""
        return next((later for later in self.pages if later.index > ref.index), None)

    def previous_page(self, ref: PageRef) -> PageRef | None:
        earlier = [page for page in self.pages if page.index < ref.index]
        return earlier[-1] if earlier else None

    def progress(self, ref: PageRef) -> Progress:
        """Say where the page is, "Section 3 of 14", counting only sections shown."""
        numbers = list(dict.fromkeys(page.section_number for page in self.pages))
        number = (
            numbers.index(ref.section_number) + 1
            if ref.section_number in numbers
            else ref.section_number
        )
        return Progress(number, max(len(numbers), number), ref.section.title)


def prune(q: Questionnaire, answers: Answers) -> dict[str, AnswerValue]:
    """Keep only answers to questions the patient is now asked, with valid choices.

    Goes in questionnaire order, because whether a question is shown depends on the
    answers before it; so changing an early answer drops what no longer applies.
    """
    kept: dict[str, AnswerValue] = {}
    for ref in q.pages:
        for question in visible_questions(q, ref, kept):
            if question.id not in answers:
                continue
            value = _still_valid(q, question, answers[question.id], kept)
            if value is not None:
                kept[question.id] = value
    return kept


def _still_valid(
    q: Questionnaire, question: AnyQuestion, value: AnswerValue, kept: Answers
) -> AnswerValue | None:
    if not isinstance(question, ChoiceQuestionBase) or question.choices_from is None:
        return value
    offered = {choice.code for choice in q.options(question, kept)}
    if isinstance(question, MultipleChoiceQuestion) and isinstance(value, list):
        remaining = [code for code in value if code in offered]
        return remaining or None
    return value if value in offered else None
