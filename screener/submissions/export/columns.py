"""The export's columns: the fixed ones, then one per question (one per option of a
multiple-choice question), following the current questionnaire."""

from __future__ import annotations

from dataclasses import dataclass

from ...questionnaire import Questionnaire
from ...questionnaire.levels import SUBMISSION_LEVELS
from ...questionnaire.model import AnyQuestion
from ...questionnaire.model import MultipleChoiceQuestion
from ...triage.distribution import CAVEAT
from ...triage.distribution import PATTERNS
from .asked import LEFT_BLANK

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


#: How every answer's column tells a question not asked from one left blank.
MISSING = f"blank if not asked, {LEFT_BLANK} if asked and left blank"

FIXED_COLUMNS = (
    Column("reference", "The reference code the patient was given."),
    Column("submitted_on", "The date the answers were sent (no time is kept)."),
    Column("questionnaire_version", "The version of questions.yaml that was answered."),
    Column(
        "language",
        "The language the patient answered in, as a code (en English, es Spanish). "
        "Answers are codes, the same in every language; free text is as written.",
    ),
    Column("status", "Review status: new, reviewed, contacted or closed."),
    Column(
        "red_flag_level",
        f"Most urgent red flag: {', '.join(SUBMISSION_LEVELS)}.",
    ),
    Column(
        "distribution_pattern",
        "Staff only: the body distribution of the regions reported, by the 2013"
        f" consensus (axis I): {', '.join(PATTERNS)}; blank if no region was"
        f" reported. {CAVEAT}.",
    ),
    Column("regions", f"Body regions reported, as codes separated by ';'; {MISSING}."),
)


def columns(q: Questionnaire) -> list[Column]:
    """The fixed columns, then one per question (one per option for multiple choice)."""
    found = list(FIXED_COLUMNS)
    for question in q.questions():
        if not isinstance(question, MultipleChoiceQuestion):
            found.append(Column(question.id, f"The answer; {MISSING}.", question))
            continue
        # Offering what was ticked earlier: an option not offered was not asked about.
        offered = " or not offered" if question.choices_from else ""
        for choice in q.options(question):
            meaning = (
                f"1 if “{choice.label}” was ticked, 0 if not; blank if not asked"
                f"{offered}, {LEFT_BLANK} if asked and left blank (nothing ticked)."
            )
            name = f"{question.id}___{choice.code}"
            found.append(Column(name, meaning, question, choice.code))
    return found
