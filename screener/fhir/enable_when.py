"""A show_if as FHIR R4 enableWhen (+ enableBehavior) where R4 can say it, else as the
SDC enableWhenExpression in FHIRPath over the response being filled in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from typing import Literal

from ..questionnaire.conditions import describe
from ..questionnaire.model import AllOf
from ..questionnaire.model import AnyOf
from ..questionnaire.model import Condition
from . import identity

JSON = dict[str, Any]

FHIRPATH = "text/fhirpath"
ENABLE_WHEN_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"


@dataclass(frozen=True)
class Plain:
    """A condition as plain enableWhen: the tests and how they combine (None when
    there is one test, which needs no enableBehavior)."""

    whens: tuple[JSON, ...]
    behavior: Literal["all", "any"] | None


def plain(condition: Condition, base: str) -> Plain | None:
    """The condition as enableWhen, or None when enableWhen cannot say it.

    R4's tests are "at least one answer is (=, >=, <=) the value", "no answer is
    (!=)" and "is answered (exists)", combined all-or-any at one level only. So:
    equals/includes is one `=`; one_of/includes_any one `=` per code, any of them;
    not_one_of is "answered, and != each code", all of them; at_least/at_most `>=`,
    `<=`; selected_at_least 1 is `exists`. all/any of those flatten when the
    combinations agree. Anything else (selected_at_least 2 or more, all within any,
    any within all) is not plain.
    """
    if isinstance(condition, AllOf | AnyOf):
        kind: Literal["all", "any"] = "all" if isinstance(condition, AllOf) else "any"
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        whens: list[JSON] = []
        for part in parts:
            mapped = plain(part, base)
            if mapped is None or mapped.behavior not in (None, kind):
                return None
            whens.extend(mapped.whens)
        return Plain(tuple(whens), kind if len(whens) > 1 else None)
    question, operand = condition.question, condition.operand

    def coded(operator: str, code: str) -> JSON:
        return {
            "question": question,
            "operator": operator,
            "answerCoding": {
                "system": identity.code_system(base, question),
                "code": code,
            },
        }

    answered = {"question": question, "operator": "exists", "answerBoolean": True}
    match condition.operator:
        case "equals" | "includes":
            return Plain((coded("=", operand),), None)
        case "one_of" | "includes_any":
            whens = [coded("=", code) for code in operand]
            return Plain(tuple(whens), "any" if len(whens) > 1 else None)
        case "not_one_of":
            return Plain((answered, *(coded("!=", code) for code in operand)), "all")
        case "at_least" | "at_most":
            operator = ">=" if condition.operator == "at_least" else "<="
            when = {"question": question, "operator": operator}
            return Plain(({**when, "answerInteger": operand},), None)
        case "selected_at_least" if operand == 1:
            return Plain((answered,), None)
    return None


def _answers(question_id: str) -> str:
    return f"%resource.repeat(item).where(linkId = '{question_id}').answer"


def _codes(codes: list[str], operator: str = "=", join: str = " or ") -> str:
    return join.join(f"code {operator} '{code}'" for code in codes)


def _fhirpath(condition: Condition) -> str:
    """The condition in FHIRPath over the response being filled in (%resource), true
    or false, never empty: an unanswered question makes a test false, as in our
    `holds`."""
    if isinstance(condition, AllOf | AnyOf):
        join = " and " if isinstance(condition, AllOf) else " or "
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        return join.join(f"({_fhirpath(part)})" for part in parts)
    answers, operand = _answers(condition.question), condition.operand
    match condition.operator:
        case "equals" | "includes":
            return f"{answers}.value.where({_codes([operand])}).exists()"
        case "one_of" | "includes_any":
            return f"{answers}.value.where({_codes(operand)}).exists()"
        case "not_one_of":
            where = _codes(operand, "!=", " and ")
            return f"{answers}.value.where({where}).exists()"
        case "selected_at_least" if operand <= 0:  # asked, even if nothing ticked
            return f"{answers.removesuffix('.answer')}.exists()"
        case "selected_at_least":
            return f"{answers}.count() >= {operand}"
        case "at_least":
            return f"{answers}.value.where($this >= {operand}).exists()"
        case "at_most":
            return f"{answers}.value.where($this <= {operand}).exists()"
    raise ValueError(f"unknown operator {condition.operator!r}")  # pragma: no cover


def expression(condition: Condition, description: str | None = None) -> JSON:
    expression = {"language": FHIRPATH, "expression": _fhirpath(condition)}
    return {**expression, "description": description or describe(condition)}


def enable_fields(condition: Condition | None, base: str) -> tuple[JSON, list[JSON]]:
    """The item's fields, and its extensions, for a show_if."""
    if condition is None:
        return {}, []
    mapped = plain(condition, base)
    if mapped is None:
        return {}, [
            {"url": ENABLE_WHEN_EXPRESSION, "valueExpression": expression(condition)}
        ]
    fields: JSON = {"enableWhen": list(mapped.whens)}
    if mapped.behavior is not None:
        fields["enableBehavior"] = mapped.behavior
    return fields, []
