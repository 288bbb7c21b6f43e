"""Free text that looks like contact or identity details stops before it is saved: the
same page again, the text kept as typed, the part marked, and a choice to change it
or keep it (or, by the clinic's policy, only to change it). Patients and staff alike."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import Draft
from screener.db.models import StaffNote
from screener.questionnaire import Questionnaire

from .conftest import SubmissionFactory
from .conftest import make_app
from .patient_walk import PatientWalk

PAGE = "anything_else_page"
TYPED = "Please ring me on 07700 900123 or email jo.bloggs@example.com after 5pm."


def on_the_free_text_page(patient: PatientWalk) -> None:
    patient.start()
    assert patient.walk(stop_after=_page_before(patient.q)) == f"/questions/{PAGE}"


def _page_before(q: Questionnaire) -> str:
    ids = [ref.id for ref in q.pages]
    return ids[ids.index(PAGE) - 1]


def stored_answers(db: Session) -> dict[str, object]:
    db.expire_all()
    (draft,) = db.scalars(select(Draft))
    return dict(draft.answers)


def test_a_phone_number_and_an_email_stop_with_the_text_kept(
    patient: PatientWalk, db: Session
) -> None:
    on_the_free_text_page(patient)
    response = patient.post(f"/questions/{PAGE}", {"anything_else": TYPED})
    page = response.get_data(as_text=True)

    assert response.status_code == 200  # the same page, not the next one
    assert "This looks like a phone number." in page
    assert "This looks like an email address." in page
    # The text as typed, in the box, and the parts marked in a copy of it.
    assert f">{html.escape(TYPED)}</textarea>" in page
    assert "<mark>07700 900123</mark>" in page
    assert "<mark>jo.bloggs@example.com</mark>" in page
    assert 'name="keep_details" value="1"' in page
    # Nothing is saved until the patient chooses.
    assert "anything_else" not in stored_answers(db)
    # Nobody is blamed.
    assert "wrong" not in page.lower()


def test_keeping_it_saves_the_text_as_typed(patient: PatientWalk, db: Session) -> None:
    on_the_free_text_page(patient)
    patient.post(f"/questions/{PAGE}", {"anything_else": TYPED})
    response = patient.post(
        f"/questions/{PAGE}", {"anything_else": TYPED, "keep_details": "1"}
    )
    assert response.status_code == 302
    assert stored_answers(db)["anything_else"] == TYPED


def test_changing_it_saves_the_new_text(patient: PatientWalk, db: Session) -> None:
    on_the_free_text_page(patient)
    patient.post(f"/questions/{PAGE}", {"anything_else": TYPED})
    edited = "Please ring me after 5pm."
    response = patient.post(f"/questions/{PAGE}", {"anything_else": edited})
    assert response.status_code == 302
    assert stored_answers(db)["anything_else"] == edited


@pytest.mark.parametrize(
    "typed",
    [
        "I take 10 mg twice a day since 2019, and my GP knows.",
        "It is worst at 10:30 in the morning, about 3 times a week.",
        "Botox every 12 weeks at the neurology department helped.",
    ],
)
def test_ordinary_answers_go_straight_through(
    patient: PatientWalk, db: Session, typed: str
) -> None:
    on_the_free_text_page(patient)
    response = patient.post(f"/questions/{PAGE}", {"anything_else": typed})
    assert response.status_code == 302
    assert stored_answers(db)["anything_else"] == typed


def test_save_for_later_does_not_keep_unconfirmed_details(
    patient: PatientWalk, db: Session
) -> None:
    on_the_free_text_page(patient)
    response = patient.post("/save-for-later", {"anything_else": TYPED, "later": PAGE})
    assert response.status_code == 200  # the code is given for what was kept
    assert "anything_else" not in stored_answers(db)


def test_a_clinic_can_make_it_a_hard_stop(db: Session) -> None:
    app = make_app(IDENTIFIER_WARNINGS="refuse")
    patient = PatientWalk(app.test_client(), app.extensions["screener.questionnaire"])
    on_the_free_text_page(patient)
    page = patient.post(f"/questions/{PAGE}", {"anything_else": TYPED})
    text = page.get_data(as_text=True)
    assert "This looks like a phone number." in text
    assert 'name="keep_details"' not in text
    # Keeping it anyway is not honoured.
    again = patient.post(
        f"/questions/{PAGE}", {"anything_else": TYPED, "keep_details": "1"}
    )
    assert again.status_code == 200
    assert "This looks like a phone number." in again.get_data(as_text=True)


def test_an_unknown_policy_stops_the_app() -> None:
    from screener.config import StartupError

    with pytest.raises(StartupError, match="IDENTIFIER_WARNINGS must be"):
        make_app(IDENTIFIER_WARNINGS="sometimes")


def test_the_warning_is_in_spanish_for_a_spanish_patient(
    app: Flask, client: FlaskClient, db: Session
) -> None:
    patient = PatientWalk(client, app.extensions["screener.questionnaire"])
    client.get("/?lang=es")
    on_the_free_text_page(patient)
    page = patient.post(f"/questions/{PAGE}", {"anything_else": TYPED})
    text = page.get_data(as_text=True)
    assert "Esto parece un número de teléfono." in text
    assert "<mark>07700 900123</mark>" in text


def test_a_staff_note_with_a_name_stops_until_kept(
    staff_client: FlaskClient, make_submission: SubmissionFactory, db: Session
) -> None:
    submission = make_submission()
    url = f"/staff/submissions/{submission.reference}/notes"
    note = "Spoke to Dr Smith, who will call back."
    response = staff_client.post(url, data={"text": note})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This looks like a name." in page
    assert "<mark>Dr Smith</mark>" in page
    assert f">{html.escape(note)}</textarea>" in page
    assert db.scalars(select(StaffNote)).first() is None

    kept = staff_client.post(url, data={"text": note, "keep_details": "1"})
    assert kept.status_code == 302
    assert db.scalar(select(StaffNote.text)) == note
