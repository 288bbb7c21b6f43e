"""Who is answering: a carer reads about "them"; children's rules are for children."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask

from screener.pathway import route as flow
from screener.questionnaire import Questionnaire

from .patient_walk import PatientWalk

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


CARER_OF_AN_OLD_MAN = {
    "who_answering": "carer_adult",
    "age_band": "over_80",
    "age_started": "over_40",
}
#: What only a child's parent should meet.
CHILD_CONTENT = (
    "children's specialist",
    "paediatric",
    "Growing up",
    "answering for a child",
    "milestones",
    "under 16",
)


def words(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def walk_everything(app: Flask, answers: dict[str, object]) -> PatientWalk:
    walker = PatientWalk(
        app.test_client(), app.extensions["screener.questionnaire"], expansive=True
    )
    walker.start()
    assert walker.walk(answers) == "/check-answers"
    return walker


def test_a_carer_of_an_80_year_old_sees_no_child_content(app: Flask) -> None:
    walker = walk_everything(app, CARER_OF_AN_OLD_MAN)
    after_who = walker.pages[walker.pages.index("who_page") + 1 :]
    pages = [walker.page_html[page_id] for page_id in after_who]
    pages += walker.advice_pages
    pages.append(walker.get("/check-answers").get_data(as_text=True))
    pages.append(walker.get("/summary/preview").get_data(as_text=True))
    for page in pages:
        text = words(page)
        for phrase in CHILD_CONTENT:
            assert phrase not in text
    assert "child_development" not in walker.answers


def test_a_carer_reads_every_question_about_them(app: Flask) -> None:
    walker = walk_everything(app, CARER_OF_AN_OLD_MAN)
    q: Questionnaire = app.extensions["screener.questionnaire"]
    proxy = q.in_voice("proxy")
    assert q.for_answers(walker.answers) is proxy
    changed = 0
    for page_id in walker.pages[walker.pages.index("who_page") + 1 :]:
        page = words(walker.page_html[page_id])
        ref = proxy.page(page_id)
        for question in flow.visible_questions(proxy, ref, walker.answers):
            assert question.text in page
            own = q.question(question.id).text
            if own != question.text:
                changed += 1
                assert own not in page, f"{question.id} spoke to the carer as 'you'"
            assert not re.search(r"\byour?\b", question.text, re.I), question.id
    assert changed >= 20  # most questions say "they" or "their"
    assert "How old are they?" in words(walker.page_html["about_person_page"])


def test_someone_answering_for_themselves_reads_you(app: Flask) -> None:
    walker = walk_everything(app, {"who_answering": "self_helped"})
    page = words(walker.page_html["about_person_page"])
    assert "How old are you?" in page
    assert "How old are they?" not in page


def test_a_child_alone_is_asked_kindly_to_fill_it_in_with_a_parent(
    app: Flask,
) -> None:
    alone = walk_everything(app, {"who_answering": "self", "age_band": "under_16"})
    note = "please ask a parent or carer to help you fill this in"
    assert note in words(alone.page_html["movement_pattern"])
    with_parent = walk_everything(
        app, {"who_answering": "parent_child", "age_band": "under_16"}
    )
    assert note not in words(with_parent.page_html["movement_pattern"])
    summary = words(with_parent.get("/summary/preview").get_data(as_text=True))
    assert "paediatric neurologist" in summary  # children's advice, for a child


def test_childrens_rules_follow_the_age_not_who_answers(app: Flask) -> None:
    # A parent answering for a grown-up son is not shown the children's questions.
    grown_up = {"who_answering": "parent_child", "age_band": "age_21_40"}
    walker = walk_everything(app, grown_up)
    assert "child_development" not in walker.answers
    summary = words(walker.get("/summary/preview").get_data(as_text=True))
    assert "paediatric" not in summary
