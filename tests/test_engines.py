"""What differs between SQLite and PostgreSQL and bites in production: NUL bytes and
over-long strings, case in look-ups, JSON and time zones. Runs on both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import Draft
from screener.db.models import Submission

from .conftest import STAFF_PASSWORD
from .conftest import make_app
from .conftest import sign_in
from .patient_walk import PatientWalk

NUL = "before\x00after"


def test_a_nul_byte_in_an_answer_is_a_clear_error(
    patient: PatientWalk, db: Session
) -> None:
    patient.start()
    patient.walk()  # every page done; the free-text question is now open again
    response = patient.post("/questions/anything_else_page", {"anything_else": NUL})
    assert response.status_code == 200
    assert "Remove the special characters" in response.get_data(as_text=True)
    tampered = patient.post("/questions/safety_check", {"safety_now": [NUL]})
    assert tampered.status_code == 200
    assert NUL not in str(db.scalar(select(Draft.answers)))


def test_an_over_long_answer_is_a_clear_error(patient: PatientWalk) -> None:
    patient.start()
    patient.walk()
    response = patient.post(
        "/questions/anything_else_page", {"anything_else": "x" * 5000}
    )
    assert response.status_code == 200
    assert "1000 characters or fewer" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/staff/submissions/DYS%00-2222",
        "/staff/?version=%00",
        "/staff/admin/audit?actor=a%00b",
        "/questions/safety%00check",
        "/staff/lookup?reference=%00",
    ],
)
def test_a_nul_byte_in_an_address_is_refused(
    staff_client: FlaskClient, url: str
) -> None:
    assert staff_client.get(url).status_code == 400


def test_nul_bytes_and_long_names_at_sign_in(app: Flask, make_staff) -> None:
    make_staff("reviewer1")
    client = app.test_client()
    for username in ("review\x00er1", "r" * 500):
        response = sign_in(client, username)
        assert response.status_code == 200  # re-shown with a message, not a 500
    assert sign_in(client, "reviewer1").status_code == 302


def test_nul_in_a_note_and_a_long_reference(
    staff_client: FlaskClient, make_submission
) -> None:
    submission = make_submission()
    note = staff_client.post(
        f"/staff/submissions/{submission.reference}/notes", data={"text": NUL}
    )
    assert note.status_code == 302
    assert staff_client.get("/staff/submissions/" + "D" * 300).status_code == 404


def test_look_ups_ignore_case(staff_client: FlaskClient, make_submission) -> None:
    submission = make_submission()
    found = staff_client.get(f"/staff/lookup?reference={submission.reference.lower()}")
    assert found.headers["Location"] == f"/staff/submissions/{submission.reference}"


def test_usernames_ignore_case(app: Flask, make_staff) -> None:
    make_staff("mixed.case")
    assert sign_in(app.test_client(), "MIXED.Case", STAFF_PASSWORD).status_code == 302


def test_json_answers_round_trip_unchanged(db: Session, make_submission) -> None:
    answers = {
        "anything_else": 'émoji 🙂, right-to-left \u202e, quotes " and \\\\',
        "pain_severity": 7,
        "body_regions": ["neck"],
    }
    submission = make_submission(answers=answers)
    db.expire_all()
    assert db.get(Submission, submission.id).answers == answers


def test_times_are_utc_whatever_the_server_zone(
    monkeypatch: pytest.MonkeyPatch, make_staff
) -> None:
    # A local zone far from UTC, for the app process (and the server, on PostgreSQL).
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    import time

    time.tzset()
    try:
        app = make_app()
        with app.app_context():
            from screener.db import get_session
            from screener.staff import accounts as staff_accounts
            from screener.staff.passwords import hasher_for

            session = get_session()
            staff_accounts.create(
                session, hasher_for(app), "zone", STAFF_PASSWORD, "reviewer", "t"
            )
            session.commit()
        client = app.test_client()
        assert sign_in(client, "zone").status_code == 302
        assert (
            client.get("/staff/").status_code == 200
        )  # not timed out by a zone offset
        walker = PatientWalk(
            app.test_client(), app.extensions["screener.questionnaire"]
        )
        walker.complete()
        with app.app_context():
            stored = get_session().scalar(select(Submission.submitted_on))
        assert stored == dt.datetime.now(dt.UTC).date()
    finally:
        monkeypatch.undo()
        time.tzset()
