"""A submission as a FHIR R4 QuestionnaireResponse, for staff, and back to our answers.

Anonymised as the submission is: no `subject`, the reference code as its identifier,
`authored` as the date alone (the only time we keep). Items follow the Questionnaire's
shape (section, then page, then question; linkIds are our ids), with only the
questions answered; choices are `valueCoding` in each question's code system, numbers
`valueInteger`, free text `valueString` as written. The red flags the answers raised
are an extension each, with the most urgent level, as clinicians read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from ..db.models import Submission
from ..questionnaire import Answers
from ..questionnaire import Questionnaire
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import FreeTextQuestion
from ..questionnaire.model import MultipleChoiceQuestion
from . import identity
from .questionnaire import group_link_ids

#: What an answer holds, by the kind of question.
_VALUE_KEYS = ("valueCoding", "valueInteger", "valueString")


def questionnaire_response(
    q: Questionnaire, submission: Submission, base: str
) -> QuestionnaireResponse:
    """The submission as a QuestionnaireResponse, validated by the FHIR models; `q`
    is the questionnaire it answered (for the item shape and the answers' labels)."""
    return QuestionnaireResponse.model_validate(response_json(q, submission, base))


def response_line(q: Questionnaire, submission: Submission, base: str) -> bytes:
    """The same resource as one line of JSON, for the bulk export. Not put through
    the models: validating each one costs some 10 ms, so a million would take hours.
    It is the very dict `questionnaire_response` validates, and the tests validate
    every line of an export."""
    return orjson.dumps(response_json(q, submission, base))


def response_json(
    q: Questionnaire, submission: Submission, base: str
) -> dict[str, Any]:
    """The QuestionnaireResponse as plain JSON data."""
    answers = submission.answers
    flags = {flag.id: flag for flag in q.file.red_flags}
    extensions: list[dict[str, Any]] = [
        {
            "url": identity.red_flags_extension(base),
            "valueCoding": {
                "system": identity.red_flag_system(base),
                "code": flag_id,
                **({"display": flags[flag_id].clinical} if flag_id in flags else {}),
            },
        }
        for flag_id in submission.red_flags
    ]
    extensions.append(
        {
            "url": identity.red_flag_level_extension(base),
            "valueCode": submission.red_flag_level,
        }
    )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": submission.reference,
        "language": submission.language,
        "extension": extensions,
        "identifier": {
            "system": identity.reference_system(base),
            "value": submission.reference,
        },
        "questionnaire": identity.versioned_questionnaire(
            base, submission.questionnaire_version
        ),
        "status": "completed",
        "authored": submission.submitted_on.isoformat(),
        "item": list(_sections(q, answers, base)),
    }


def as_json(response: QuestionnaireResponse) -> bytes:
    """The resource as compact JSON, one line (for NDJSON as for a single one)."""
    return orjson.dumps(orjson.loads(response.model_dump_json(exclude_none=True)))


def _sections(
    q: Questionnaire, answers: Answers, base: str
) -> Iterator[dict[str, Any]]:
    """The answered items in their groups, with the Questionnaire's group linkIds."""
    links = group_link_ids(q)
    for section in q.file.sections:
        pages = []
        for page in section.pages:
            items = [
                item
                for question in page.questions
                if (item := _item(q, question, answers.get(question.id), base))
            ]
            if items:
                link = links["page", page.id]
                pages.append({"linkId": link, "text": page.title, "item": items})
        if pages:
            link = links["section", section.id]
            yield {"linkId": link, "text": section.title, "item": pages}


def _item(
    q: Questionnaire, question: AnyQuestion, value: object, base: str
) -> dict[str, Any] | None:
    if value is None or value == [] or value == "":
        return None  # not asked, or asked and left blank: no answer to give
    if isinstance(question, ChoiceQuestionBase):
        codes = value if isinstance(value, list) else [value]
        system = identity.code_system(base, question.id)
        answer: list[dict[str, Any]] = [
            {
                "valueCoding": {
                    "system": system,
                    "code": str(code),
                    "display": q.choice_label(question, str(code)),
                }
            }
            for code in codes
        ]
    elif isinstance(question, FreeTextQuestion):
        answer = [{"valueString": str(value)}]
    else:  # a number or a scale
        answer = [{"valueInteger": int(str(value))}]
    return {"linkId": question.id, "text": question.text, "answer": answer}


def answers_from(q: Questionnaire, response: QuestionnaireResponse) -> dict[str, Any]:
    """Our answers again, from a response made here: by question id, a code (a list
    of codes for multiple choice), a whole number or the text."""
    found: dict[str, Any] = {}
    for item in _answered_items(response.item or []):
        if not q.has_question(item.linkId):
            continue
        question = q.question(item.linkId)
        values = [_value(answer) for answer in item.answer or []]
        found[item.linkId] = (
            values if isinstance(question, MultipleChoiceQuestion) else values[0]
        )
    return found


def _answered_items(items: list[Any]) -> Iterator[Any]:
    for item in items:
        if item.answer:
            yield item
        yield from _answered_items(item.item or [])


def _value(answer: Any) -> Any:
    if answer.valueCoding is not None:
        return answer.valueCoding.code
    for key in _VALUE_KEYS[1:]:
        value = getattr(answer, key)
        if value is not None:
            return value
    raise ValueError("an answer of a kind this app never writes")
