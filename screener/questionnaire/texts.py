"""Every piece of patient-facing text in the file, with the place it belongs to.

The wording checks read text through these two functions only, so a new field that
patients see must be added here to be checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import AnyQuestion
from .model import Choice
from .model import ChoiceQuestionBase
from .model import QuestionnaireFile
from .model import ScaleQuestion
from .wording import as_sentences

#: A passage: where it is (e.g. "question 'neck_turn'") and its text.
Passage = tuple[str, str]
#: Labels this long are graded on their own rather than with their question.
LONG_LABEL_WORDS = 10


def patient_texts(file: QuestionnaireFile) -> Iterator[Passage]:
    """Yield every string a patient can see, one at a time."""
    yield "title", file.title
    for name, choices in file.choice_lists.items():
        for choice in choices:
            yield from _choice_texts(f"choice list '{name}'", choice)
    for section in file.sections:
        yield f"section '{section.id}'", section.title
        for page in section.pages:
            for text in (page.title, *page.guidance):
                yield f"page '{page.id}'", text
            for question in page.questions:
                yield from _question_texts(question)
    for level, advice in file.red_flag_levels.items():
        yield f"red-flag level '{level}'", advice.action
        yield f"red-flag level '{level}'", advice.detail
    for flag in file.red_flags:
        for text in (flag.reason, flag.advice or ""):
            if text:
                yield f"red flag '{flag.id}'", text
    yield from _document_texts(file)


def reading_passages(file: QuestionnaireFile) -> Iterator[Passage]:
    """Yield the passages to grade: whole paragraphs, or a question with its answers."""
    for section in file.sections:
        for page in section.pages:
            for paragraph in page.guidance:
                yield f"page '{page.id}'", paragraph
            for question in page.questions:
                yield from _question_passages(question, file)
    for level, advice in file.red_flag_levels.items():
        yield f"red-flag level '{level}'", as_sentences([advice.action, advice.detail])
    for flag in file.red_flags:
        yield (
            f"red flag '{flag.id}'",
            as_sentences([flag.reason, *([flag.advice] if flag.advice else [])]),
        )
    yield from _document_texts(file)


def _document_texts(file: QuestionnaireFile) -> Iterator[Passage]:
    rec = file.recommendation
    for text in (rec.title, *rec.paragraphs, rec.bring_title, *rec.bring):
        yield "recommendation", text
    for text in (file.safety_net.title, *file.safety_net.paragraphs):
        yield "safety net", text
    for module in file.education:
        for text in (module.title, *module.paragraphs):
            yield f"education module '{module.id}'", text


def _choice_texts(where: str, choice: Choice) -> Iterator[Passage]:
    yield where, choice.label
    if choice.hint:
        yield where, choice.hint


def _question_texts(question: AnyQuestion) -> Iterator[Passage]:
    where = f"question '{question.id}'"
    for text in (question.text, question.short, question.hint, question.error_message):
        if text:
            yield where, text
    if isinstance(question, ChoiceQuestionBase):
        for choice in question.choices or []:
            yield from _choice_texts(where, choice)
    if isinstance(question, ScaleQuestion):
        yield where, question.min_label
        yield where, question.max_label


def _question_passages(
    question: AnyQuestion, file: QuestionnaireFile
) -> Iterator[Passage]:
    where = f"question '{question.id}'"
    labels: list[str] = []
    if isinstance(question, ChoiceQuestionBase):
        choices = list(question.choices or [])
        if question.choice_list in file.choice_lists:
            choices += file.choice_lists[question.choice_list]
        labels = [c.label for c in choices] + [c.hint for c in choices if c.hint]
    elif isinstance(question, ScaleQuestion):
        labels = [question.min_label, question.max_label]
    short = [label for label in labels if len(label.split()) < LONG_LABEL_WORDS]
    parts = [question.text, *([question.hint] if question.hint else []), *short]
    yield where, as_sentences(parts)
    for label in labels:
        if len(label.split()) >= LONG_LABEL_WORDS:
            yield where, label
