"""The typed shape of questions.yaml.

Every model is frozen and forbids unknown keys, so a typo such as `requird:` fails
loudly instead of being ignored. Rules that need the whole file (references, order,
wording) live in `checks.py`; this module only describes a well-formed file.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Discriminator
from pydantic import Field
from pydantic import PrivateAttr
from pydantic import StringConstraints
from pydantic import Tag
from pydantic import model_validator

#: Stable ids: they name database keys and CSV columns, so keep them plain.
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
#: Text shown to a patient; never empty.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

RedFlagLevel = Literal["emergency", "same_day", "within_days"]
#: Most urgent first. The order is part of the safety logic, not a display choice.
RED_FLAG_LEVELS: tuple[RedFlagLevel, ...] = ("emergency", "same_day", "within_days")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- Conditions (show_if and red-flag rules) ------------------------------------------

OPERATORS = (
    "equals",
    "one_of",
    "not_one_of",
    "includes",
    "includes_any",
    "selected_at_least",
    "at_least",
    "at_most",
)


class Comparison(Strict):
    """A test of one earlier answer, e.g. `{question: body_regions, includes: neck}`."""

    question: Identifier
    equals: str | None = None
    one_of: list[str] | None = None
    not_one_of: list[str] | None = None
    includes: str | None = None
    includes_any: list[str] | None = None
    selected_at_least: int | None = None
    at_least: int | None = None
    at_most: int | None = None
    # Worked out once: every page view evaluates conditions, so this is a hot path.
    _operator: str = PrivateAttr(default="")
    _operand: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _exactly_one_operator(self) -> Comparison:
        given = [op for op in OPERATORS if getattr(self, op) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a condition needs exactly one of {', '.join(OPERATORS)} "
                f"(found {', '.join(given) or 'none'})"
            )
        self._operator = given[0]
        self._operand = getattr(self, given[0])
        return self

    @property
    def operator(self) -> str:
        return self._operator

    @property
    def operand(self) -> Any:
        return self._operand


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "any" if "any" in value else "all" if "all" in value else "compare"
    return (
        "any"
        if isinstance(value, AnyOf)
        else "all"
        if isinstance(value, AllOf)
        else "compare"
    )


Condition = Annotated[
    Annotated[Comparison, Tag("compare")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[AllOf, Tag("all")],
    Discriminator(_condition_kind),
]
AnyOf.model_rebuild()
AllOf.model_rebuild()


# --- Questions ------------------------------------------------------------------------


class Choice(Strict):
    code: Identifier
    label: Text
    hint: Text | None = None
    #: Ticking it clears the others ("None of these"); only for multiple choice.
    exclusive: bool = False


class QuestionBase(Strict):
    id: Identifier
    text: Text
    #: A few words naming the question on "Check your answers" and the summary.
    short: Text | None = None
    hint: Text | None = None
    required: bool = True
    show_if: Condition | None = None
    error_message: Text | None = None

    @property
    def label(self) -> str:
        return self.short or self.text


class ChoiceQuestionBase(QuestionBase):
    choices: list[Choice] | None = None
    #: The name of a list under `choice_lists`.
    choice_list: Identifier | None = None
    #: Offer the options ticked in an earlier multiple-choice question (then `choices`).
    choices_from: Identifier | None = None

    @model_validator(mode="after")
    def _one_source_of_choices(self) -> ChoiceQuestionBase:
        if self.choices_from is None and (self.choices is None) == (
            self.choice_list is None
        ):
            raise ValueError("give exactly one of `choices` and `choice_list`")
        if self.choices_from is not None and self.choice_list is not None:
            raise ValueError("`choices_from` can only be combined with `choices`")
        return self


class SingleChoiceQuestion(ChoiceQuestionBase):
    type: Literal["single_choice"]


class MultipleChoiceQuestion(ChoiceQuestionBase):
    type: Literal["multiple_choice"]


class ScaleQuestion(QuestionBase):
    """Whole numbers from `min` to `max`, shown as large buttons, never a slider."""

    type: Literal["scale"]
    min: int = 0
    max: int = 10
    min_label: Text
    max_label: Text

    @model_validator(mode="after")
    def _sensible_range(self) -> ScaleQuestion:
        if not 1 <= self.max - self.min <= 10:
            raise ValueError(
                "a scale needs between 2 and 11 points (min < max <= min + 10)"
            )
        return self


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    min: int
    max: int
    unit: Text | None = None

    @model_validator(mode="after")
    def _sensible_range(self) -> NumberQuestion:
        if self.min > self.max:
            raise ValueError("`min` must not be greater than `max`")
        return self


class FreeTextQuestion(QuestionBase):
    type: Literal["free_text"]
    max_length: int = Field(default=1000, ge=1, le=5000)


AnyQuestion = (
    SingleChoiceQuestion
    | MultipleChoiceQuestion
    | ScaleQuestion
    | NumberQuestion
    | FreeTextQuestion
)
Question = Annotated[AnyQuestion, Field(discriminator="type")]


# --- Pages, sections and the file -----------------------------------------------------


class Note(Strict):
    """Guidance shown only when its condition holds, e.g. to a young person alone."""

    text: Text
    show_if: Condition


class Page(Strict):
    """One topic: what a patient sees on one screen."""

    id: Identifier
    title: Text
    guidance: list[Text | Note] = []
    show_if: Condition | None = None
    questions: list[Question] = Field(min_length=1)


class Section(Strict):
    id: Identifier
    title: Text
    show_if: Condition | None = None
    pages: list[Page] = Field(min_length=1)


class LevelAdvice(Strict):
    """What to do, for one red-flag level: the action first, then one short line."""

    action: Text
    detail: Text


class RedFlag(Strict):
    id: Identifier
    level: RedFlagLevel
    when: Condition
    #: Why this needs help: one short sentence, shown under the action.
    reason: Text
    #: An optional extra step for this flag, e.g. "Take the medicine box with you."
    advice: Text | None = None


class EducationModule(Strict):
    id: Identifier
    title: Text
    paragraphs: list[Text] = Field(min_length=1)
    show_if: Condition | None = None


class DashboardIndicator(Strict):
    """Something the staff dashboard counts: the share of submissions where it holds."""

    label: Text
    when: Condition


class DashboardSection(Strict):
    """The indicators shown for one section; staff-facing text, not patient-facing."""

    section: Identifier
    indicators: list[DashboardIndicator] = Field(min_length=1)


class Provenance(Strict):
    """Who reviewed the content and when. Until a clinician signs it off, it is a draft,
    and a draft names no reviewer and no review date: never claim a review that has not
    happened."""

    status: Literal["draft", "reviewed"]
    reviewed_by: Text | None = None
    review_date: dt.date | None = None
    next_review: dt.date | None = None
    sources: list[Text] = []

    @model_validator(mode="after")
    def _honest(self) -> Provenance:
        named = [
            key
            for key in ("reviewed_by", "review_date", "next_review")
            if getattr(self, key) is not None
        ]
        if self.status == "draft" and named:
            raise ValueError(
                f"a draft has not been reviewed, so it cannot give {', '.join(named)}; "
                "set status: reviewed once a clinician has signed it off"
            )
        missing = [
            key
            for key in ("reviewed_by", "review_date", "next_review")
            if getattr(self, key) is None
        ]
        if self.status == "reviewed" and missing:
            raise ValueError(f"a reviewed file needs {', '.join(missing)}")
        return self


class Recommendation(Strict):
    title: Text
    paragraphs: list[Text] = Field(min_length=1)
    bring_title: Text
    bring: list[Text] = Field(min_length=1)


class SafetyNet(Strict):
    title: Text
    paragraphs: list[Text] = Field(min_length=1)


class QuestionnaireFile(Strict):
    version: Text
    title: Text
    provenance: Provenance
    #: When someone else answers (a parent, a carer), patient text speaks about "them"
    #: (see voice.py): this condition on an early answer says when.
    answering_for_someone_else: Condition
    #: The multiple-choice question whose answers are "the body regions reported".
    regions_question: Identifier
    choice_lists: dict[Identifier, list[Choice]] = {}
    sections: list[Section] = Field(min_length=1)
    red_flag_levels: dict[RedFlagLevel, LevelAdvice]
    red_flags: list[RedFlag] = Field(min_length=1)
    recommendation: Recommendation
    safety_net: SafetyNet
    education: list[EducationModule] = Field(min_length=1)
    dashboard: list[DashboardSection] = []

    @model_validator(mode="after")
    def _advice_for_every_level(self) -> QuestionnaireFile:
        missing = [
            level for level in RED_FLAG_LEVELS if level not in self.red_flag_levels
        ]
        if missing:
            raise ValueError(f"red_flag_levels has no advice for {', '.join(missing)}")
        return self
