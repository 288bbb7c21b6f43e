"""Red flags are safety logic: every rule is tried on vignettes through the real flow.

tests/data/vignettes.yaml holds, for every rule, patients who must raise it and
near-misses who must not; each walks the questionnaire with the test client and the
advice pages they reach are read.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import Draft
from screener.db.models import Submission
from screener.pathway import redflags
from screener.questionnaire import load_questionnaire

from . import vignettes
from .conftest import SHIPPED_QUESTIONS
from .patient_walk import PatientWalk

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


SHIPPED = load_questionnaire(SHIPPED_QUESTIONS)
FLAGS = SHIPPED.file.red_flags
LEVELS = SHIPPED.file.red_flag_levels
VIGNETTES = vignettes.load()
ACTION = re.compile(r'<h1 class="heading-xl advice__action">([^<]*)</h1>')


def text_of(page: str) -> str:
    """The page's words, with tags removed and entities decoded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_each_vignette_meets_its_rules(
    patient: PatientWalk, db: Session, vignette: vignettes.Vignette
) -> None:
    patient.start()
    assert patient.walk(vignette.answers) == "/check-answers"
    for question_id, value in vignette.answers.items():
        assert patient.answers.get(question_id) == value, (
            f"{question_id} was never asked on this path"
        )
    raised = set(db.scalar(select(Draft.advised_flags)) or [])
    assert set(vignette.raises) <= raised
    assert not set(vignette.not_raised) & raised
    flags = [flag for flag in FLAGS if flag.id in raised]
    assert (redflags.highest_level(flags) or "none") == vignette.level
    advice = " ".join(text_of(page) for page in patient.advice_pages)
    if vignette.level != "none":
        # The first advice page leads with its level's action.
        first = ACTION.search(patient.advice_pages[0])
        assert first is not None
        levels_seen = [
            level
            for page in patient.advice_pages
            for level, words in LEVELS.items()
            if (found := ACTION.search(page)) and found.group(1) == words.action
        ]
        assert vignette.level in levels_seen
        # Each flag is explained on an advice page, or (when a call-999 page held
        # it back) on "Check your answers".
        check = text_of(patient.get("/check-answers").get_data(as_text=True))
        worded = SHIPPED.for_answers(patient.answers).file.red_flags
        for flag in flags:
            reason = worded[FLAGS.index(flag)].reason
            assert reason in check, f"{flag.id} is not on Check your answers"
            assert reason in advice or "Call 999 now." in advice, (
                f"{flag.id} was raised but never explained"
            )
    else:
        assert patient.advice_pages == []
    for words in vignette.sees:
        assert words in advice
    for words in vignette.never_sees:
        assert words not in advice


def test_every_rule_has_a_vignette_and_a_near_miss() -> None:
    raising = {rule for v in VIGNETTES for rule in v.raises}
    missing = {rule for v in VIGNETTES for rule in v.not_raised}
    rules = {flag.id for flag in FLAGS}
    assert rules - raising == set(), "rules no vignette raises"
    assert rules - missing == set(), "rules with no near-miss"
    assert (raising | missing) <= rules, "vignettes name rules that do not exist"


def test_the_readme_shows_the_vignettes_as_they_are() -> None:
    readme = vignettes.README.read_text()
    table = vignettes.table(VIGNETTES)
    assert vignettes.readme_with_table(readme, table) == readme, (
        "README.md's vignette table is out of date: "
        "run .venv/bin/python -m tests.vignettes --write-readme"
    )
    assert table in readme


def test_the_advice_page_says_what_was_ticked_then_why(patient: PatientWalk) -> None:
    patient.start()
    response = patient.post(
        "/questions/safety_check", {"safety_now": ["breathing", "swallowing"]}
    )
    assert response.headers["Location"] == "/advice"
    page = patient.get("/advice").get_data(as_text=True)
    words = text_of(page)
    label = "Trouble breathing, or noisy or high-pitched breathing"
    for ticked in (label, "Unable to swallow, even spit (saliva), or choking"):
        # One box ticked per line: labels with commas are never run together.
        assert f"Urgent problems now:</span> {ticked}</li>" in html.unescape(page)
    reason = "Problems with breathing or swallowing need emergency help straight away."
    assert words.index("Call 999 now.") < words.index("You told us:")
    assert words.index("You told us:") < words.index(label) < words.index(reason)
    assert '<a class="button button--warning button--call" href="tel:999">' in page


def test_a_999_page_offers_nothing_slower(patient: PatientWalk) -> None:
    patient.start()
    patient.post(
        "/questions/safety_check", {"safety_now": ["breathing", "medicine_reaction"]}
    )
    page = text_of(patient.get("/advice").get_data(as_text=True))
    assert "Call 999 now." in page
    assert "111" not in page
    assert "Get medical help today." not in page  # the same-day flag waits


def test_other_advice_pages_give_the_numbers_as_links(patient: PatientWalk) -> None:
    patient.start()
    patient.post("/questions/safety_check", {"safety_now": ["eyes_stuck"]})
    page = patient.get("/advice").get_data(as_text=True)
    assert "Get medical help today." in page
    assert 'href="tel:111"' in page
    assert 'href="tel:999"' in page
    assert 'href="tel:+44-20-7946-0000"' in page  # the clinic
    assert "Example Neurology Clinic" in page
    assert "Nobody reads the answers straight away." in page
    assert "cannot contact you" in page


def test_an_advised_flag_is_not_shown_again_with_a_later_one(
    patient: PatientWalk,
) -> None:
    patient.start()
    patient.walk({"safety_now": ["breathing"], "other_neuro": ["slowness"]})
    first, second = patient.advice_pages
    assert "Call 999 now." in first
    assert "Contact the GP surgery within the next few days." in second
    assert "Problems with breathing or swallowing" not in second


def test_advice_is_shown_once_then_the_questionnaire_goes_on(
    patient: PatientWalk,
) -> None:
    patient.start()
    answer = {"safety_now": ["eyes_stuck"]}
    assert patient.post("/questions/safety_check", answer).headers["Location"] == (
        "/advice"
    )
    next_page = patient.get("/continue").headers["Location"]
    assert next_page.startswith("/questions/")
    assert next_page != "/questions/safety_check"
    # Saving the safety page again with the same answer does not repeat the advice.
    again = patient.post("/questions/safety_check", answer)
    assert again.headers["Location"] != "/advice"


def test_emergency_flags_are_highlighted_on_the_summary(
    patient: PatientWalk, db: Session
) -> None:
    patient.complete({"safety_now": ["stroke_signs"]})
    page = html.unescape(patient.get("/summary").get_data(as_text=True))
    summary_start = page.index("this is not a diagnosis")
    highlighted = page.index(
        '<div class="advice advice--emergency" role="alert">', summary_start
    )
    assert highlighted < page.index("What you told us")
    assert "Note the time the signs started" in page
    (submission,) = db.scalars(select(Submission))
    assert submission.red_flag_level == "emergency"
    assert submission.red_flags == ["sudden_one_side_signs"]


def test_advice_without_a_red_flag_goes_back_to_the_questions(
    patient: PatientWalk, client: FlaskClient
) -> None:
    patient.start()
    assert client.get("/advice").headers["Location"] == "/continue"
