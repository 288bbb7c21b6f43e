"""Questions and their answer choices: a closed set of types, one field each."""

from __future__ import annotations

from typing import Annotated
from typing import Literal

from pydantic import Field
from pydantic import model_validator

from .base import Identifier
from .base import Strict
from .base import Text
from .conditions import Condition


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
