"""A submission as staff see it: answers as asked, flags, status, notes, audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import AuditEvent
from screener.db.models import QuestionnaireSnapshot
from screener.db.models import StaffNote
from screener.db.models import Submission

from .conftest import DATA
from .conftest import MINIMAL_QUESTIONS
from .conftest import make_app
from .conftest import sign_in
from .databases import fresh_database_url
from .patient_walk import PatientWalk


def last_event(db: Session) -> AuditEvent:
    db.expire_all()
    event = db.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert event is not None
    return event


def test_the_page_shows_answers_as_asked_with_flags(
    app, staff_client: FlaskClient, db: Session
) -> None:
    walker = PatientWalk(app.test_client(), app.extensions["screener.questionnaire"])
    reference = walker.complete(
        {"safety_now": ["breathing"], "body_regions": ["neck", "eyes"]}
    )
    page = html.unescape(
        staff_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    )
    q = walker.q
    assert q.question("body_regions").text in page
    assert "Eyes and eyelids" in page or "eyelids" in page.lower()
    # The flag in clinical words, with the answer that raised it; not the patient's
    # "Call 999 now."
    flag = next(f for f in q.file.red_flags if f.id == "breathing_swallowing")
    assert flag.clinical in page
    safety = q.question("safety_now")
    breathing = q.choice_label(safety, "breathing")
    assert f"{safety.label}: {breathing}" in page
    assert q.file.red_flag_levels["emergency"].action not in page
    event = last_event(db)
    assert (event.action, event.target, event.actor) == (
        "submission_viewed",
        reference,
        "reviewer1",
    )


def test_an_unknown_reference_is_not_found(staff_client: FlaskClient) -> None:
    assert staff_client.get("/staff/submissions/DYS-2222-2222").status_code == 404


def test_the_summary_the_patient_saw(app, staff_client: FlaskClient) -> None:
    walker = PatientWalk(app.test_client(), app.extensions["screener.questionnaire"])
    reference = walker.complete({"body_regions": ["neck"]})
    page = html.unescape(
        staff_client.get(f"/staff/submissions/{reference}/summary").get_data(
            as_text=True
        )
    )
    assert walker.q.file.recommendation.title in page
    assert "What you told us" in page


def test_old_questionnaire_versions_stay_readable(tmp_path: Path) -> None:
    database = fresh_database_url(tmp_path)
    old_app = make_app(DATABASE_URL=database, QUESTIONS_PATH=str(MINIMAL_QUESTIONS))
    walker = PatientWalk(
        old_app.test_client(), old_app.extensions["screener.questionnaire"]
    )
    reference = walker.complete({"body_regions": ["neck"]})
    # The clinic rewords a question and publishes a new version.
    reworded = tmp_path / "questions.yaml"
    text = MINIMAL_QUESTIONS.read_text().replace(
        'version: "test-1"', 'version: "test-2"'
    )
    reworded.write_text(
        text.replace(
            "Does {their} head turn on its own?", "Does {their} head move by itself?"
        )
    )
    new_app = make_app(DATABASE_URL=database, QUESTIONS_PATH=str(reworded))
    new_app.test_cli_runner().invoke(
        args=["create-staff", "reader"], input="violet lantern quietly sings\n" * 2
    )
    client = new_app.test_client()
    sign_in(client, "reader", "violet lantern quietly sings")
    page = client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    assert "Does your head turn on its own?" in page
    assert "Does your head move by itself?" not in page
    assert "Version test-1" in page


def test_changing_the_status_is_audited(
    app, staff_client: FlaskClient, db: Session, make_submission
) -> None:
    submission = make_submission()
    response = staff_client.post(
        f"/staff/submissions/{submission.reference}/status", data={"status": "reviewed"}
    )
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Submission, submission.id).status == "reviewed"
    event = last_event(db)
    assert (event.action, event.details) == (
        "status_changed",
        {"old": "new", "new": "reviewed"},
    )
    bad = staff_client.post(
        f"/staff/submissions/{submission.reference}/status", data={"status": "deleted"}
    )
    assert bad.status_code == 302
    db.expire_all()
    assert db.get(Submission, submission.id).status == "reviewed"


def test_notes_are_kept_escaped_and_audited(
    staff_client: FlaskClient, db: Session, make_submission
) -> None:
    submission = make_submission()
    attack = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
    staff_client.post(
        f"/staff/submissions/{submission.reference}/notes", data={"text": attack}
    )
    note = db.scalar(select(StaffNote))
    assert (note.text, note.author) == (attack, "reviewer1")
    page = staff_client.get(f"/staff/submissions/{submission.reference}").get_data(
        as_text=True
    )
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert last_event(db).action == "submission_viewed"
    assert "note_added" in list(db.scalars(select(AuditEvent.action)))


def test_patient_free_text_is_escaped_for_staff(app, staff_client: FlaskClient) -> None:
    walker = PatientWalk(app.test_client(), app.extensions["screener.questionnaire"])
    reference = walker.complete(
        {"anything_else": "<img src=x onerror=alert(1)> {{7*7}}"}
    )
    page = staff_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    assert "<img src=x" not in page
    assert "{{7*7}}" in page


def test_a_version_in_an_older_file_format_still_shows_every_answer(
    app: Flask, staff_client: FlaskClient, db: Session, make_submission
) -> None:
    old = (DATA / "first_format.yaml").read_text()
    digest = hashlib.sha256(old.encode()).hexdigest()
    db.add(
        QuestionnaireSnapshot(
            content_hash=digest,
            version="test-1",
            content=old,
            first_used_on=dt.date(2026, 11, 1),
        )
    )
    db.commit()
    submission = make_submission(
        questionnaire_hash=digest,
        questionnaire_version="test-1",
        answers={"safety_now": ["none"], "body_regions": ["neck"], "neck_turn": "yes"},
    )
    response = staff_client.get(f"/staff/submissions/{submission.reference}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "questions are shown in today's wording" in html.unescape(page)
    assert "neck_turn: yes" in page  # today's questionnaire has no such question
