"""Conditions, as written in questions.yaml: a test of one earlier answer, or any/all
of several. Used by show_if, red flags, notes, modules and the dashboard."""

from __future__ import annotations

from typing import Annotated
from typing import Any

from pydantic import Discriminator
from pydantic import Field
from pydantic import PrivateAttr
from pydantic import Tag
from pydantic import model_validator

from .base import Identifier
from .base import Strict

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
