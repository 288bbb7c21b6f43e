"""Every page a patient can see is free of diagnostic wording, whatever they answer."""

from __future__ import annotations

import html
import re

from screener.questionnaire import WordingRules
from screener.questionnaire.wording import diagnostic_phrases_in

from .conftest import make_app

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
