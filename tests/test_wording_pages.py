"""Every page a patient can see is free of diagnostic wording, whatever they answer."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask import render_template

from screener.commands.demo import answers as demo
from screener.patient.summary_views import summary_body_context
from screener.questionnaire import Questionnaire
from screener.questionnaire import WordingRules
from screener.questionnaire.wording import condition_names_in
from screener.questionnaire.wording import diagnostic_phrases_in
from screener.questionnaire.wording import phrases_in

from .conftest import make_app

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


RULES = WordingRules()


def visible_text(page: str) -> str:
    """The words a reader sees: no tags, scripts or attribute values."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_walk_reached_every_question_page(
    every_patient_page: dict[str, str],
) -> None:
    app = make_app()
    every_page = {ref.id for ref in app.extensions["screener.questionnaire"].pages}
    walked = {
        name.removeprefix("question ")
        for name in every_patient_page
        if name.startswith("question ")
    }
    assert walked == every_page


def test_the_walk_saw_advice_and_education(every_patient_page: dict[str, str]) -> None:
    assert any(name.startswith("advice") for name in every_patient_page)
    assert "Information for you" in every_patient_page["summary"]


def test_no_page_uses_diagnostic_wording(every_patient_page: dict[str, str]) -> None:
    found = {
        name: diagnostic_phrases_in(visible_text(page), RULES)
        for name, page in every_patient_page.items()
    }
    assert {name: phrases for name, phrases in found.items() if phrases} == {}


def test_the_scan_would_catch_diagnostic_wording() -> None:
    assert diagnostic_phrases_in(
        visible_text("<p>Your answers suggest <b>you may have</b> it.</p>"), RULES
    )
    assert diagnostic_phrases_in("This is likely to be dystonia.", RULES) == ["likely"]


def test_no_page_shows_a_score_or_a_type_label(
    every_patient_page: dict[str, str],
) -> None:
    summary = visible_text(every_patient_page["summary"]).lower()
    for label in (
        "focal dystonia",
        "segmental",
        "multifocal",
        "generalised dystonia",
        "hemidystonia",
        "score",
        "%",
    ):
        assert label not in summary


def test_no_page_ties_the_answers_to_a_condition(
    every_patient_page: dict[str, str],
) -> None:
    found = {
        name: phrases_in(visible_text(page), RULES.implied_label_phrases)
        for name, page in every_patient_page.items()
    }
    assert {name: phrases for name, phrases in found.items() if phrases} == {}


def generated_answer_sets(q: Questionnaire, count: int) -> Iterator[dict[str, Any]]:
    """Patients drawn as the demo data draws them (show_if respected); every other one
    is far more likely to raise red flags."""
    maker = demo.AnswerMaker(q, random.Random(9))  # noqa: S311 (made-up patients)
    for n in range(count):
        demo.RED_FLAG_CHANCE = 0.3 if n % 2 else 0.02  # restored by the fixture below
        yield maker.answers()


@pytest.fixture
def red_flag_chance() -> Iterator[None]:
    before = demo.RED_FLAG_CHANCE
    yield
    demo.RED_FLAG_CHANCE = before


def test_summaries_for_many_patients_never_label_them(
    app: Flask, red_flag_chance: None
) -> None:
    """Build and render the summary for generated answer sets until every education
    module has been shown; scan each one as the patient would read it."""
    q: Questionnaire = app.extensions["screener.questionnaire"]
    conditional = {m.id for m in q.file.education if m.show_if is not None}
    shown: set[str] = set()
    voices: set[str] = set()
    checked = 0
    with app.test_request_context("/summary"):
        for answers in generated_answer_sets(q, 400):
            context = summary_body_context(q, answers, None, "patient.summary_preview")
            built, worded = context["summary"], context["worded"]
            voices.add(worded.voice)
            page = visible_text(
                render_template("patient/summary.html", pdf_url="/x.pdf", **context)
            )
            assert diagnostic_phrases_in(page, RULES) == [], answers
            assert phrases_in(page, RULES.implied_label_phrases) == [], answers
            for module in built.education:
                if module.id in conditional:
                    text = " ".join([module.title, *module.paragraphs])
                    assert condition_names_in(text, RULES) == [], module.id
            for flags in built.flags.values():
                for raised in flags:
                    text = f"{raised.flag.reason} {raised.flag.advice or ''}"
                    assert condition_names_in(text, RULES) == [], raised.flag.id
            shown |= {module.id for module in built.education}
            checked += 1
            if shown >= conditional and checked >= 100:
                break
    assert conditional - shown == set(), "modules no generated patient reached"
    assert voices == {"self", "proxy"}
