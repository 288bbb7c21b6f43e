"""WTForms forms for question pages, built from the questionnaire model.

Each question type maps to one field type. Field names are the question ids; a form is a
plain BaseForm so that no id can clash with a form attribute. CSRF is checked for every
POST by CSRFProtect, not per form.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from wtforms import Field
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import SelectMultipleField
from wtforms import TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from ..languages.text import gettext
from ..questionnaire import Answers
from ..questionnaire import AnswerValue
from ..questionnaire import Questionnaire
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import Choice
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import FreeTextQuestion
from ..questionnaire.model import MultipleChoiceQuestion
from ..questionnaire.model import NumberQuestion
from ..questionnaire.model import ScaleQuestion

#: Control characters (NUL included) that no one types; PostgreSQL rejects NUL outright.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ChoiceField(RadioField):
    """One answer from a list; a value that was not offered gets a plain message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:  # a scale value that is not a number at all
            raise ValueError(gettext("Choose one of the answers shown.")) from exc

    def pre_validate(self, form: BaseForm) -> None:
        if self.data is not None and all(
            self.data != self.coerce(choice.value) for choice in self.choices
        ):
            raise ValidationError(gettext("Choose one of the answers shown."))


class CheckboxesField(SelectMultipleField):
    """Several answers; an exclusive answer ("None of these") stands alone."""

    def __init__(
        self, *args: Any, exclusive: Sequence[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.exclusive = {
            choice.value: choice.label
            for choice in self.choices
            if choice.value in exclusive
        }

    def pre_validate(self, form: BaseForm) -> None:
        offered = {choice.value for choice in self.choices}
        if any(code not in offered for code in self.data or []):
            raise ValidationError(gettext("Tick only the answers shown."))
        picked = self.data or []
        for code, label in self.exclusive.items():
            if code in picked and len(picked) > 1:
                raise ValidationError(
                    gettext(
                        "“%(answer)s” cannot be ticked together with other answers.",
                        answer=label,
                    )
                )


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(
                gettext("Enter a whole number, using digits, like 12.")
            ) from exc


def _plain_text(_form: BaseForm, field: Field) -> None:
    if field.data and _CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(
            gettext("Remove the special characters from your answer.")
        )


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _requirement(question: AnyQuestion, default_message: str) -> list[Any]:
    if not question.required:
        return [Optional()]
    return [InputRequired(message=question.error_message or default_message)]


def _field(question: AnyQuestion, options: tuple[Choice, ...]) -> UnboundField:
    choices = [SelectChoice(choice.code, choice.label) for choice in options]
    if isinstance(question, MultipleChoiceQuestion):
        exclusive = [choice.code for choice in options if choice.exclusive]
        validators = _requirement(question, gettext("Tick at least one answer."))
        return CheckboxesField(
            question.text, choices=choices, exclusive=exclusive, validators=validators
        )
    if isinstance(question, ChoiceQuestionBase):
        return ChoiceField(
            question.text,
            choices=choices,
            validators=_requirement(question, gettext("Choose an answer.")),
        )
    if isinstance(question, ScaleQuestion):
        points = [SelectChoice(str(n)) for n in range(question.min, question.max + 1)]
        validators = _requirement(question, gettext("Choose a number."))
        return ChoiceField(
            question.text, choices=points, coerce=int, validators=validators
        )
    if isinstance(question, NumberQuestion):
        in_range = gettext(
            "Enter a number from %(min)s to %(max)s.",
            min=question.min,
            max=question.max,
        )
        validators = [
            *_requirement(question, in_range),
            NumberRange(question.min, question.max, in_range),
        ]
        return WholeNumberField(question.text, validators=validators)
    if not isinstance(question, FreeTextQuestion):
        raise TypeError(f"no field for question type {question.type!r}")
    too_long = gettext(
        "Your answer must be %(max)s characters or fewer.", max=question.max_length
    )
    validators = [
        *_requirement(question, gettext("Enter an answer.")),
        Length(max=question.max_length, message=too_long),
    ]
    return TextAreaField(
        question.text, validators=[*validators, _plain_text], filters=[_strip]
    )


def step_form(
    q: Questionnaire, page_id: str, questions: Sequence[AnyQuestion], answers: Answers
) -> BaseForm:
    """Build an unfilled form for the questions shown on one page.

    Built afresh each time (about 0.1 ms a page): a cache keyed by the options on offer
    would keep the regions each patient ticked.
    """
    return BaseForm(
        [
            (
                question.id,
                _field(
                    question,
                    tuple(q.options(question, answers))
                    if isinstance(question, ChoiceQuestionBase)
                    else (),
                ),
            )
            for question in questions
        ]
    )


def form_answers(form: BaseForm) -> dict[str, AnswerValue | None]:
    """Read a validated form as answers; None for a question left blank."""
    answers: dict[str, AnswerValue | None] = {}
    for field in form:
        answers[field.name] = field.data if field.data not in ("", [], None) else None
    return answers


def initial_data(
    questions: Sequence[AnyQuestion], answers: Mapping[str, Any]
) -> dict[str, Any]:
    """Return saved answers in the shape the page's fields expect."""
    return {
        question.id: answers[question.id]
        for question in questions
        if question.id in answers
    }


def unexpected_fields(
    formdata: Any,
    questions: Sequence[AnyQuestion],
    allowed: Collection[str] = (),
) -> list[str]:
    """Name what the real page could not have sent: unknown fields, one answer twice,
    or the same box ticked twice.

    `formdata` is a MultiDict such as `request.form`; `allowed` names the page's
    buttons that are not questions.
    """
    shown = {question.id: question for question in questions}
    problems = [
        gettext("'%(name)s' is not a question on this page", name=name)
        for name in formdata
        if name not in shown and name != "csrf_token" and name not in allowed
    ]
    problems += [
        gettext("'%(name)s' was answered more than once", name=name)
        for name, question in shown.items()
        if not isinstance(question, MultipleChoiceQuestion)
        and len(formdata.getlist(name)) > 1
    ]
    problems += [
        gettext("'%(name)s' has the same answer ticked more than once", name=name)
        for name, question in shown.items()
        if isinstance(question, MultipleChoiceQuestion)
        and len(set(formdata.getlist(name))) < len(formdata.getlist(name))
    ]
    return problems
