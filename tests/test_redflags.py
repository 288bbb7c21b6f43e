"""Red flags: every rule in the shipped questionnaire leads to its level's advice."""

from __future__ import annotations

import html
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener import redflags
from screener.models import Submission
from screener.questionnaire import AnswerValue
from screener.questionnaire import load_questionnaire
from screener.questionnaire.model import AllOf
from screener.questionnaire.model import AnyOf
from screener.questionnaire.model import Condition
from screener.questionnaire.model import RedFlag

from .conftest import SHIPPED_QUESTIONS
from .patient_walk import PatientWalk

SHIPPED = load_questionnaire(SHIPPED_QUESTIONS)
FLAGS = SHIPPED.file.red_flags


def answers_raising(condition: Condition) -> dict[str, AnswerValue]:
    """The fewest answers that make the condition true."""
    if isinstance(condition, AnyOf):
        return answers_raising(condition.any[0])
    if isinstance(condition, AllOf):
        merged: dict[str, Any] = {}
        for part in condition.all:
            for question, value in answers_raising(part).items():
                if isinstance(value, list) and isinstance(merged.get(question), list):
                    value = merged[question] + [
                        code for code in value if code not in merged[question]
                    ]
                merged[question] = value
        return merged
    operand: Any = condition.operand
    single = {
        "equals": lambda: operand,
        "one_of": lambda: operand[0],
        "includes": lambda: [operand],
        "includes_any": lambda: [operand[0]],
        "at_least": lambda: operand,
        "at_most": lambda: operand,
    }
    return {condition.question: single[condition.operator]()}


def advice_text(page: str) -> str:
    return html.unescape(page)


@pytest.mark.parametrize("flag", FLAGS, ids=[flag.id for flag in FLAGS])
def test_each_rule_is_raised_by_its_answers(flag: RedFlag) -> None:
    raised = redflags.raised(SHIPPED, answers_raising(flag.when))
    assert flag in raised


@pytest.mark.parametrize("flag", FLAGS, ids=[flag.id for flag in FLAGS])
def test_each_red_flag_answer_leads_to_its_levels_advice(
    patient: PatientWalk, flag: RedFlag
) -> None:
    patient.start()
    patient.walk(answers_raising(flag.when))
    assert patient.advice_pages, f"no advice page for {flag.id}"
    first = advice_text(patient.advice_pages[0])
    action = SHIPPED.file.red_flag_levels[flag.level].action
    assert f'<h1 class="heading-xl advice__action">{action}</h1>' in first
    assert flag.reason in first
    assert "Continue the questionnaire" in first


SAFETY_CHOICES = [
    (
        choice.code,
        next(
            f
            for f in FLAGS
            if f.when.model_dump(exclude_none=True).get("includes") == choice.code
        ),
    )
    for choice in SHIPPED.options(SHIPPED.question("safety_now"))  # type: ignore[arg-type]
    if not choice.exclusive
]


@pytest.mark.parametrize(
    ("code", "flag"), SAFETY_CHOICES, ids=[code for code, _ in SAFETY_CHOICES]
)
def test_a_safety_check_answer_brings_advice_at_once(
    patient: PatientWalk, code: str, flag: RedFlag
) -> None:
    patient.start()
    response = patient.post("/questions/safety_check", {"safety_now": [code]})
    assert response.headers["Location"] == "/advice"
    page = advice_text(patient.get("/advice").get_data(as_text=True))
    assert SHIPPED.file.red_flag_levels[flag.level].action in page
    assert flag.reason in page


def safety_code(level: str) -> str:
    """A safety-check answer whose red flag has this level."""
    return next(code for code, flag in SAFETY_CHOICES if flag.level == level)


def test_the_most_urgent_level_leads_and_the_others_follow(
    patient: PatientWalk,
) -> None:
    patient.start()
    patient.post(
        "/questions/safety_check",
        {"safety_now": [safety_code("emergency"), safety_code("same_day")]},
    )
    page = advice_text(patient.get("/advice").get_data(as_text=True))
    emergency_action = SHIPPED.file.red_flag_levels["emergency"].action
    same_day_action = SHIPPED.file.red_flag_levels["same_day"].action
    assert f'<h1 class="heading-xl advice__action">{emergency_action}</h1>' in page
    assert (
        page.index(emergency_action) < page.index("Also") < page.index(same_day_action)
    )


def test_advice_is_shown_once_then_the_questionnaire_goes_on(
    patient: PatientWalk,
) -> None:
    code, _flag = SAFETY_CHOICES[0]
    patient.start()
    assert (
        patient.post("/questions/safety_check", {"safety_now": [code]}).headers[
            "Location"
        ]
        == "/advice"
    )
    next_page = patient.get("/continue").headers["Location"]
    assert next_page.startswith("/questions/")
    assert next_page != "/questions/safety_check"
    # Saving the safety page again with the same answer does not repeat the advice.
    again = patient.post("/questions/safety_check", {"safety_now": [code]})
    assert again.headers["Location"] != "/advice"


def test_emergency_flags_are_highlighted_on_the_summary(
    patient: PatientWalk, db: Session
) -> None:
    code = safety_code("emergency")
    flag = next(f for c, f in SAFETY_CHOICES if c == code)
    patient.complete({"safety_now": [code]})
    page = advice_text(patient.get("/summary").get_data(as_text=True))
    summary_start = page.index("this is not a diagnosis")
    highlighted = page.index(
        '<div class="advice advice--emergency" role="alert">', summary_start
    )
    assert highlighted < page.index("What you told us")
    assert flag.reason in page
    (submission,) = db.scalars(select(Submission))
    assert submission.red_flag_level == "emergency"
    assert flag.id in submission.red_flags


def test_advice_without_a_red_flag_goes_back_to_the_questions(
    patient: PatientWalk, client: FlaskClient
) -> None:
    patient.start()
    assert client.get("/advice").headers["Location"] == "/continue"
