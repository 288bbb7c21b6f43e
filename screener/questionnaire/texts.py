"""Every piece of patient-facing text in the file, with the place it belongs to.

The wording and voice checks read text through these functions only, so a new field
that patients see must be added here to be checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .model import AnyQuestion
from .model import Choice
from .model import ChoiceQuestionBase
from .model import Note
from .model import QuestionnaireFile
from .model import ScaleQuestion
from .wording import as_sentences

#: Labels this long are graded on their own rather than with their question.
LONG_LABEL_WORDS = 10


class Passage(NamedTuple):
    #: The item it belongs to, e.g. "question 'neck_turn'".
    where: str
    text: str
    #: Where a patient meets it: "page <id>", "red flag <id>", "choice list <name>",
    #: "red-flag levels", "title", or "summary" (the end of the questionnaire).
    shown: str
    #: True for text shown only to some patients (a conditional education module, a
    #: red flag): it must not tie their answers to a condition.
    conditional: bool = False


def patient_texts(file: QuestionnaireFile) -> Iterator[Passage]:
    """Yield every string a patient can see, one at a time."""
    yield Passage("title", file.title, "title")
    for name, choices in file.choice_lists.items():
        for choice in choices:
            yield from _choice_texts(
                f"choice list '{name}'", choice, f"choice list {name}"
            )
    for section in file.sections:
        first = f"page {section.pages[0].id}"
        yield Passage(f"section '{section.id}'", section.title, first)
        for page in section.pages:
            shown = f"page {page.id}"
            yield Passage(f"page '{page.id}'", page.title, shown)
            for note in page.guidance:
                if isinstance(note, Note):
                    yield Passage(f"page '{page.id}' (a note)", note.text, shown, True)
                else:
                    yield Passage(f"page '{page.id}'", note, shown)
            for question in page.questions:
                yield from _question_texts(question, shown)
    for level, advice in file.red_flag_levels.items():
        for text in (advice.action, advice.detail):
            yield Passage(f"red-flag level '{level}'", text, "red-flag levels")
    for flag in file.red_flags:
        for text in (flag.reason, flag.advice or ""):
            if text:
                yield Passage(
                    f"red flag '{flag.id}'", text, f"red flag {flag.id}", True
                )
    yield from _document_texts(file)


def reading_passages(file: QuestionnaireFile) -> Iterator[Passage]:
    """Yield the passages to grade: whole paragraphs, or a question with its answers."""
    for section in file.sections:
        for page in section.pages:
            shown = f"page {page.id}"
            for note in page.guidance:
                text = note.text if isinstance(note, Note) else note
                yield Passage(f"page '{page.id}'", text, shown)
            for question in page.questions:
                yield from _question_passages(question, file, shown)
    for level, advice in file.red_flag_levels.items():
        yield Passage(
            f"red-flag level '{level}'",
            as_sentences([advice.action, advice.detail]),
            "red-flag levels",
        )
    for flag in file.red_flags:
        yield Passage(
            f"red flag '{flag.id}'",
            as_sentences([flag.reason, *([flag.advice] if flag.advice else [])]),
            f"red flag {flag.id}",
            True,
        )
    yield from _document_texts(file)


def _document_texts(file: QuestionnaireFile) -> Iterator[Passage]:
    rec = file.recommendation
    for text in (rec.title, *rec.paragraphs, rec.bring_title, *rec.bring):
        yield Passage("recommendation", text, "summary")
    for text in (rec.film_title, *rec.film):
        yield Passage("recommendation (what to film)", text, "summary")
    layout = file.summary
    for text in (layout.key_points_title, layout.advice_label):
        yield Passage("summary", text, "summary")
    for point in layout.key_points:
        yield Passage(f"key point '{point.id}'", point.label, "summary")
    for text in (file.safety_net.title, *file.safety_net.paragraphs):
        yield Passage("safety net", text, "summary")
    for module in file.education:
        for text in (module.title, *module.paragraphs):
            yield Passage(
                f"education module '{module.id}'",
                text,
                "summary",
                module.show_if is not None,
            )


def _choice_texts(where: str, choice: Choice, shown: str) -> Iterator[Passage]:
    yield Passage(where, choice.label, shown)
    if choice.hint:
        yield Passage(where, choice.hint, shown)


def _question_texts(question: AnyQuestion, shown: str) -> Iterator[Passage]:
    where = f"question '{question.id}'"
    for text in (question.text, question.short, question.hint, question.error_message):
        if text:
            yield Passage(where, text, shown)
    if isinstance(question, ChoiceQuestionBase):
        for choice in question.choices or []:
            yield from _choice_texts(where, choice, shown)
    if isinstance(question, ScaleQuestion):
        yield Passage(where, question.min_label, shown)
        yield Passage(where, question.max_label, shown)


def _question_passages(
    question: AnyQuestion, file: QuestionnaireFile, shown: str
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
    yield Passage(where, as_sentences(parts), shown)
    for label in labels:
        if len(label.split()) >= LONG_LABEL_WORDS:
            yield Passage(where, label, shown)
