"""Our columns as REDCap fields: the fixed columns of the export, then one field per
question.

Mapping decisions (README's REDCap section says the same for users):

- Two instruments. `submission` holds the fixed columns, the record id first as
  REDCap requires; `dystonia_screener` holds the patient's answers, with each
  section's title as the section header of its first field. Staff-only columns (the
  review status, the distribution pattern) are kept off the patient's instrument,
  so it can be made a survey or shared without them.
- `reference` is the record id: it is unique, it is what staff quote, and the
  export's first column.
- single choice: radio, or a dropdown past LONG_LIST options (none today).
- multiple choice: one checkbox field; REDCap makes the `field___code` columns our
  export has. An exclusive option ("None of these") is @NONEOFTHEABOVE.
- scale: radio with the codes min..max, the end labels on the ends, laid out across
  (LH). A slider would store 0-100 by default and a position, not our whole-number
  codes, and the patient never saw one (questions.yaml: buttons, never a slider).
  A scale starting below 0 is an integer text field instead: its choices cell would
  start with a minus sign, which the spreadsheet-safety rule must prefix.
- number: text with integer validation and our min and max; the unit in the note.
- free text: notes, with @CHARLIMIT at our limit, and flagged as an identifier:
  a patient may keep contact details in it after the warning, and REDCap's
  de-identified exports leave identifier fields out.
- choices_from (options ticked earlier): the full option list, since REDCap cannot
  offer only what was ticked, and the annotation says so; when the question has no
  options of its own it is shown only if something was ticked, as ours is.
- `regions` duplicates the regions question's boxes, but is kept (read-only):
  REDCap's import refuses a file with a column the project does not have, and our
  CSV should import as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..db.models import STATUSES
from ..languages import LANGUAGE_NAMES
from ..questionnaire import Questionnaire
from ..questionnaire.levels import LABELS as LEVEL_LABELS
from ..questionnaire.levels import SUBMISSION_LEVELS
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import FreeTextQuestion
from ..questionnaire.model import MultipleChoiceQuestion
from ..questionnaire.model import NumberQuestion
from ..questionnaire.model import ScaleQuestion
from ..submissions.export import FIXED_COLUMNS
from ..submissions.export import Column
from ..triage.distribution import PATTERNS
from .template import Field
from .text import annotation
from .text import display

#: The instrument of the fixed columns, record id first.
SUBMISSION_FORM = "submission"
#: The instrument of the patient's answers.
ANSWERS_FORM = "dystonia_screener"
#: A single-choice question with more options than this is a dropdown: a radio list
#: longer than a screen is slow to read in data entry.
LONG_LIST = 12

_FixedField = Callable[[Column, Questionnaire], Field]


def _text(label: str, validation: str = "") -> _FixedField:
    def make(column: Column, _q: Questionnaire) -> Field:
        return Field(
            name=column.name,
            form=SUBMISSION_FORM,
            type="text",
            label=label,
            note=display(column.description),
            validation=validation,
        )

    return make


def _dropdown(label: str, choices: dict[str, str]) -> _FixedField:
    def make(column: Column, _q: Questionnaire) -> Field:
        return Field(
            name=column.name,
            form=SUBMISSION_FORM,
            type="dropdown",
            label=label,
            choices=tuple(choices.items()),
            note=display(column.description),
        )

    return make


def _regions(column: Column, q: Questionnaire) -> Field:
    field = _text("Body regions reported (codes)")(column, q)
    said = (
        f"The same as the checkboxes of {q.file.regions_question}, as codes separated "
        "by ';': kept so that the screener's CSV imports as it is."
    )
    return replace(field, annotation=annotation([said], ["@READONLY"]))


#: Each fixed column of the export as a field. A fixed column added to the export
#: without an entry here becomes a plain text field, so the CSV still imports.
FIXED_FIELDS: dict[str, _FixedField] = {
    "reference": _text("Reference code"),
    "submitted_on": _text("Date sent", validation="date_ymd"),
    "questionnaire_version": _text("Questionnaire version"),
    # Every language the app can speak: a submission keeps its language even after
    # the clinic stops offering it.
    "language": _dropdown("Language answered in", LANGUAGE_NAMES),
    "status": _dropdown(
        "Review status", {code: code.capitalize() for code in STATUSES}
    ),
    "red_flag_level": _dropdown(
        "Most urgent red flag", {code: LEVEL_LABELS[code] for code in SUBMISSION_LEVELS}
    ),
    "distribution_pattern": _dropdown(
        "Distribution pattern of the regions reported (staff only)",
        dict(PATTERNS.items()),
    ),
    "regions": _regions,
}


def fixed_fields(q: Questionnaire) -> list[Field]:
    """The export's fixed columns as fields of the submission instrument."""
    return [
        FIXED_FIELDS.get(column.name, _text(column.name))(column, q)
        for column in FIXED_COLUMNS
    ]


def question_field(
    q: Questionnaire,
    question: AnyQuestion,
    *,
    section_header: str = "",
    branching: str = "",
    annotations: tuple[str, ...] = (),
) -> Field:
    """One question as a field of the answers instrument."""
    field = Field(
        name=question.id,
        form=ANSWERS_FORM,
        type="text",
        label=display(question.text),
        section_header=display(section_header),
        branching=branching,
        required=question.required,
    )
    notes = [question.hint] if question.hint else []
    #: The annotation's words, then its action tags.
    said, tags = list(annotations), []
    if isinstance(question, ChoiceQuestionBase):
        options = q.options(question)
        notes += [f"{c.label}: {c.hint}" for c in options if c.hint]
        field = replace(
            field,
            type=(
                "checkbox"
                if isinstance(question, MultipleChoiceQuestion)
                else "dropdown"
                if len(options) > LONG_LIST
                else "radio"
            ),
            choices=tuple((c.code, c.label) for c in options),
        )
        exclusive = [c.code for c in options if c.exclusive]
        if exclusive and isinstance(question, MultipleChoiceQuestion):
            tags.append(f"@NONEOFTHEABOVE='{','.join(exclusive)}'")
        if question.choices_from:
            said.append(
                f"Patients are offered only the options they ticked in "
                f"{question.choices_from}"
                + (", then the ones of its own" if question.choices else "")
                + "; REDCap shows every option."
            )
    elif isinstance(question, ScaleQuestion):
        field, ends = _scale(field, question)
        notes += ends
    elif isinstance(question, NumberQuestion):
        if question.unit:
            notes.append(f"In {question.unit}.")
        field = replace(
            field,
            validation="integer",
            minimum=question.min,
            maximum=question.max,
        )
    elif isinstance(question, FreeTextQuestion):
        field = replace(field, type="notes", identifier=True)
        tags.append(f"@CHARLIMIT={question.max_length}")
    return replace(
        field, note=display(" ".join(notes)), annotation=annotation(said, tags)
    )


def _scale(field: Field, question: ScaleQuestion) -> tuple[Field, list[str]]:
    """The scale as a radio field, or as an integer field when it starts below 0;
    with what the field note must add (the end labels, when no choice holds them)."""
    if question.min < 0:
        ends = (
            f"{question.min} = {question.min_label}, "
            f"{question.max} = {question.max_label}."
        )
        bounded = replace(
            field, validation="integer", minimum=question.min, maximum=question.max
        )
        return bounded, [ends]
    labels = {question.min: question.min_label, question.max: question.max_label}
    choices = tuple(
        (str(n), f"{n} ({labels[n]})" if n in labels else str(n))
        for n in range(question.min, question.max + 1)
    )
    return replace(field, type="radio", choices=choices, alignment="LH"), []
