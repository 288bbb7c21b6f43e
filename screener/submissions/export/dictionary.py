"""The data dictionary: each export column described, so the CSV reads on its own."""

from __future__ import annotations

from collections.abc import Iterator

from ...questionnaire import Questionnaire
from ...questionnaire.conditions import describe
from ...questionnaire.model import ChoiceQuestionBase
from .cells import neutralise
from .columns import Cell
from .columns import columns

DICTIONARY_HEADER = [
    "column",
    "section",
    "question_id",
    "question",
    "type",
    "choices",
    "show_if",
    "meaning",
]


def dictionary_rows(q: Questionnaire) -> Iterator[list[Cell]]:
    """Describe every export column, so the CSV can be read without the app."""
    for col in columns(q):
        question = col.question
        if question is None:
            yield [col.name, "", "", "", "", "", "", col.description]
            continue
        ref = q.page_of(question.id)
        shown = [
            c for c in (ref.section.show_if, ref.page.show_if, question.show_if) if c
        ]
        choices = ""
        if isinstance(question, ChoiceQuestionBase):
            offered = [c for c in q.options(question) if col.code in (None, c.code)]
            choices = "; ".join(f"{c.code}={c.label}" for c in offered)
        cells = (
            col.name,
            ref.section.title,
            question.id,
            question.text,
            question.type,
            choices,
            " and ".join(describe(c) for c in shown),
            col.description,
        )
        yield [neutralise(cell) for cell in cells]
