"""The export's columns: the fixed ones, then one per question (one per option of a
multiple-choice question), following the current questionnaire."""

from __future__ import annotations

from dataclasses import dataclass

from ...questionnaire import Questionnaire
from ...questionnaire.levels import SUBMISSION_LEVELS
from ...questionnaire.model import AnyQuestion
from ...questionnaire.model import MultipleChoiceQuestion

#: What a cell holds: text, or a number that must stay a number.
Cell = str | int


@dataclass(frozen=True)
class Column:
    name: str
    #: What the column holds, for the data dictionary.
    description: str
    question: AnyQuestion | None = None
    #: For multiple choice: the option this 0/1 column is about.
    code: str | None = None


FIXED_COLUMNS = (
    Column("reference", "The reference code the patient was given."),
    Column("submitted_on", "The date the answers were sent (no time is kept)."),
    Column("questionnaire_version", "The version of questions.yaml that was answered."),
    Column("status", "Review status: new, reviewed, contacted or closed."),
    Column(
        "red_flag_level",
        f"Most urgent red flag: {', '.join(SUBMISSION_LEVELS)}.",
    ),
    Column("regions", "Body regions reported, as codes separated by ';'."),
)


def columns(q: Questionnaire) -> list[Column]:
    """The fixed columns, then one per question (one per option for multiple choice)."""
    found = list(FIXED_COLUMNS)
    for question in q.questions():
        if not isinstance(question, MultipleChoiceQuestion):
            found.append(
                Column(question.id, "The answer; blank if not asked.", question)
            )
            continue
        for choice in q.options(question):
            meaning = f"1 if “{choice.label}” was ticked, 0 if not; blank if not asked."
            name = f"{question.id}___{choice.code}"
            found.append(Column(name, meaning, question, choice.code))
    return found
