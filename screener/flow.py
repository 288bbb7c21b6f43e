"""Which page comes next: the one place that applies `show_if` to the patient's path.

Pure functions of the questionnaire and the answers so far; views never decide order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .questionnaire import Answers
from .questionnaire import AnswerValue
from .questionnaire import PageRef
from .questionnaire import Questionnaire
from .questionnaire import holds
from .questionnaire.model import AnyQuestion
from .questionnaire.model import ChoiceQuestionBase
from .questionnaire.model import MultipleChoiceQuestion


@dataclass(frozen=True)
class Progress:
    section_number: int
    section_count: int
    section_title: str


def visible_questions(
    q: Questionnaire, ref: PageRef, answers: Answers
) -> list[AnyQuestion]:
    """List the page's questions the patient is asked, given earlier answers."""
    if ref.section.show_if is not None and not holds(ref.section.show_if, answers):
        return []
    if ref.page.show_if is not None and not holds(ref.page.show_if, answers):
        return []
    return [
        question
        for question in ref.page.questions
        if (question.show_if is None or holds(question.show_if, answers))
        and not _has_no_options(q, question, answers)
    ]


def _has_no_options(q: Questionnaire, question: AnyQuestion, answers: Answers) -> bool:
    return isinstance(question, ChoiceQuestionBase) and not q.options(question, answers)


def visible_pages(q: Questionnaire, answers: Answers) -> list[PageRef]:
    return [ref for ref in q.pages if visible_questions(q, ref, answers)]


def is_complete(q: Questionnaire, ref: PageRef, answers: Answers) -> bool:
    """Tell whether every required question on the page has an answer."""
    return all(
        question.id in answers
        for question in visible_questions(q, ref, answers)
        if question.required
    )


def first_incomplete(q: Questionnaire, answers: Answers) -> PageRef | None:
    """Return the first page still needing answers, or None when all are done."""
    return next(
        (ref for ref in visible_pages(q, answers) if not is_complete(q, ref, answers)),
        None,
    )


def is_reachable(q: Questionnaire, ref: PageRef, answers: Answers) -> bool:
    """A page can be opened once every visible page before it is complete."""
    blocker = first_incomplete(q, answers)
    return blocker is None or ref.index <= blocker.index


def next_page(q: Questionnaire, ref: PageRef, answers: Answers) -> PageRef | None:
    """Return the visible page after this one; None means "Check your answers"."""
    return next(
        (later for later in visible_pages(q, answers) if later.index > ref.index), None
    )


def previous_page(q: Questionnaire, ref: PageRef, answers: Answers) -> PageRef | None:
    earlier = [page for page in visible_pages(q, answers) if page.index < ref.index]
    return earlier[-1] if earlier else None


def progress(q: Questionnaire, ref: PageRef, answers: Answers) -> Progress:
    """Say where the page is, "Section 3 of 14", counting only sections shown."""
    sections = []
    for page in visible_pages(q, answers):
        if page.section not in sections:
            sections.append(page.section)
    number = (
        sections.index(ref.section) + 1
        if ref.section in sections
        else ref.section_number
    )
    return Progress(number, max(len(sections), number), ref.section.title)


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
