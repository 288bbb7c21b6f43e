"""show_if and red-flag conditions against answers."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from screener.questionnaire import holds
from screener.questionnaire.model import Comparison
from screener.questionnaire.model import Condition

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


ANSWERS = {"regions": ["neck", "eyes"], "who": "self", "pain": 6}

CASES: list[tuple[dict[str, Any], bool]] = [
    ({"question": "who", "equals": "self"}, True),
    ({"question": "who", "equals": "parent"}, False),
    ({"question": "who", "one_of": ["parent", "self"]}, True),
    ({"question": "who", "not_one_of": ["parent"]}, True),
    ({"question": "who", "not_one_of": ["self"]}, False),
    ({"question": "regions", "includes": "neck"}, True),
    ({"question": "regions", "includes": "trunk"}, False),
    ({"question": "regions", "includes_any": ["trunk", "eyes"]}, True),
    ({"question": "regions", "selected_at_least": 2}, True),
    ({"question": "regions", "selected_at_least": 3}, False),
    ({"question": "pain", "at_least": 6}, True),
    ({"question": "pain", "at_most": 5}, False),
    ({"question": "regions", "includes_any": ["trunk", "voice"]}, False),
    # A test that does not fit the answer's kind is false, never an error.
    ({"question": "regions", "one_of": ["neck"]}, False),
    ({"question": "regions", "not_one_of": ["neck"]}, True),
    ({"question": "who", "includes": "self"}, False),
    ({"question": "who", "at_least": 1}, False),
    # An unanswered question makes every test false, "not one of" included.
    ({"question": "skipped", "not_one_of": ["x"]}, False),
    (
        {
            "any": [
                {"question": "who", "equals": "parent"},
                {"question": "pain", "at_least": 1},
            ]
        },
        True,
    ),
    (
        {
            "all": [
                {"question": "who", "equals": "self"},
                {"question": "regions", "includes": "trunk"},
            ]
        },
        False,
    ),
]


#: Parses a condition exactly as the loader does inside a show_if.
CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)


@pytest.mark.parametrize(("condition", "expected"), CASES)
def test_condition(condition: dict[str, Any], expected: bool) -> None:
    assert holds(CONDITION.validate_python(condition), ANSWERS) is expected


def test_a_comparison_needs_exactly_one_operator() -> None:
    with pytest.raises(ValueError, match="exactly one of"):
        Comparison(question="who", equals="self", one_of=["self"])
