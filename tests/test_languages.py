"""A patient answers in Spanish, or switches language mid-way, without losing answers;
staff read every submission in the clinic's language, told which one it was answered
in; the export says it too."""

from __future__ import annotations

import csv
import io
import re

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import Submission
from screener.pathway import route as flow
from screener.questionnaire import Questionnaire
from screener.questionnaire.model import ChoiceQuestionBase

from .patient_walk import PatientWalk


def spanish(app: Flask) -> Questionnaire:
    q: Questionnaire = app.extensions["screener.questionnaires"]["es"]
    return q


def test_the_browser_language_chooses_spanish(app: Flask, client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="es">' in page
    assert spanish(app).file.title in page
    assert 'hreflang="en"' in page
    assert 'hreflang="es"' in page


def test_spanish_pages_say_the_translation_is_a_draft(
    app: Flask, client: FlaskClient
) -> None:
    assert spanish(app).translation is not None
    assert spanish(app).translation.status == "draft"
    draft = "Esta traducción es un borrador."
    start = client.get("/?lang=es").get_data(as_text=True)
    assert start.count(draft) == 2  # on the start page and in every page's footer
    not_found = client.get("/no-such-page").get_data(as_text=True)
    assert draft in not_found  # every patient page has it in its footer
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "This translation is a draft" not in english


def test_an_unknown_language_falls_back_to_the_clinics(client: FlaskClient) -> None:
    page = client.get("/?lang=fr", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in page.get_data(as_text=True)


def test_switching_mid_way_keeps_the_answers_and_the_place(
    app: Flask, client: FlaskClient, db: Session, questionnaire: Questionnaire
) -> None:
    patient = PatientWalk(client, questionnaire)
    patient.start()
    first_pages = [ref.id for ref in questionnaire.pages[:3]]
    patient.walk(stop_after=first_pages[-1])
    answered = dict(patient.answers)

    # Back to a page already answered, now in Spanish: its answers are still ticked.
    page_id = first_pages[1]
    page = client.get(f"/questions/{page_id}?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in page
    es = spanish(app).for_answers(answered)
    shown = flow.visible_questions(es, es.page(page_id), answered)
    assert shown
    for question in shown:
        assert str(escape(question.text)) in page
        value = answered.get(question.id)
        for code in value if isinstance(value, list) else [value]:
            if isinstance(question, ChoiceQuestionBase):
                assert re.search(rf'value="{code}"[^>]*checked', page), code
    # The language is kept without the parameter, and the draft carries on.
    assert patient.walk() == "/check-answers"
    assert '<html lang="es">' in client.get("/check-answers").get_data(as_text=True)
    assert client.post("/submit").headers["Location"] == "/summary"
    (submission,) = db.scalars(select(Submission))
    assert submission.language == "es"
    assert submission.questionnaire_hash == questionnaire.content_hash
    for question_id, value in answered.items():
        assert submission.answers.get(question_id) == value


def test_a_carer_reads_the_spanish_carers_form(
    app: Flask, client: FlaskClient, questionnaire: Questionnaire
) -> None:
    es = spanish(app)
    carer = es.for_answers({"who_answering": "parent_child"})
    assert carer.voice == "proxy"
    proxied = [
        q
        for q in carer.questions()
        if q.text != es.in_voice("self").question(q.id).text
    ]
    assert proxied, "some questions read differently for a carer"
    assert all("la persona" in q.text.lower() or "su " in q.text for q in proxied)


def test_staff_read_a_spanish_submission_in_english_with_its_language(
    app: Flask,
    client: FlaskClient,
    staff_client: FlaskClient,
    db: Session,
    questionnaire: Questionnaire,
) -> None:
    client.get("/?lang=es")
    patient = PatientWalk(client, questionnaire)
    reference = patient.complete({"anything_else": "Me ayuda tocarme la barbilla."})
    page = staff_client.get(
        f"/staff/submissions/{reference}", headers={"Accept-Language": "es"}
    ).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Answered in Spanish" in page
    assert "Me ayuda tocarme la barbilla." in page  # free text as written
    first = questionnaire.pages[0].page.questions[0]
    assert first.text.split("{")[0][:20] in page  # the clinic's wording

    body = staff_client.post("/staff/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert [row["language"] for row in rows] == ["es"]
    queue = staff_client.get("/staff/").get_data(as_text=True)
    assert "Spanish" in queue[queue.index(reference) :][:2000]
