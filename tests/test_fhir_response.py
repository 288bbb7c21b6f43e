"""Each submission as a FHIR R4 QuestionnaireResponse: valid, anonymised, pointing at
the version answered, and read back into the very answers stored; for staff only, one
at a time or the queue's selection as streamed, audited NDJSON."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import AuditEvent
from screener.db.models import Submission
from screener.fhir import identity
from screener.fhir.response import answers_from
from screener.fhir.response import questionnaire_response
from screener.questionnaire import Questionnaire

from .conftest import SubmissionFactory
from .patient_walk import PatientWalk
from .summary_patients import shipped_summary_patients

BASE = "https://screener.example.org/fhir"


def sent(db: Session, reference: str) -> Submission:
    found = db.scalar(select(Submission).where(Submission.reference == reference))
    assert found is not None
    return found


@pytest.mark.parametrize(
    "patient", shipped_summary_patients(), ids=lambda patient: patient.name
)
def test_a_response_round_trips_to_the_stored_answers(
    client: FlaskClient,
    db: Session,
    questionnaire: Questionnaire,
    patient,
) -> None:
    reference = PatientWalk(client, questionnaire).complete(patient.overrides)
    submission = sent(db, reference)
    response = questionnaire_response(questionnaire, submission, BASE)

    again = QuestionnaireResponse.model_validate_json(
        response.model_dump_json(exclude_none=True)
    )
    assert answers_from(questionnaire, again) == submission.answers


def test_every_answer_kind_and_the_red_flags(
    client: FlaskClient, db: Session, questionnaire: Questionnaire
) -> None:
    walker = PatientWalk(client, questionnaire, expansive=True)
    reference = walker.complete({"anything_else": "A trick: touching my chin."})
    submission = sent(db, reference)
    assert submission.red_flags, "the expansive walk raises red flags"
    data = json.loads(
        questionnaire_response(questionnaire, submission, BASE).model_dump_json(
            exclude_none=True
        )
    )

    assert data["resourceType"] == "QuestionnaireResponse"
    assert "subject" not in data
    assert "author" not in data
    assert data["identifier"] == {
        "system": identity.reference_system(BASE),
        "value": reference,
    }
    assert data["authored"] == submission.submitted_on.isoformat()  # the date alone
    assert data["questionnaire"] == (
        f"{BASE}/Questionnaire/dystonia-screener|{questionnaire.version}"
    )
    flags = [
        e["valueCoding"]["code"]
        for e in data["extension"]
        if e["url"] == identity.red_flags_extension(BASE)
    ]
    assert flags == submission.red_flags
    level = [
        e["valueCode"]
        for e in data["extension"]
        if e["url"] == identity.red_flag_level_extension(BASE)
    ]
    assert level == [submission.red_flag_level]

    items = {}

    def collect(found: list[dict]) -> None:
        for item in found:
            if "answer" in item:
                items[item["linkId"]] = item["answer"]
            collect(item.get("item", []))

    collect(data["item"])
    regions = items["body_regions"]
    assert len(regions) == len(submission.answers["body_regions"]) > 1
    assert regions[0]["valueCoding"]["system"] == f"{BASE}/CodeSystem/body_regions"
    assert items["anything_else"] == [{"valueString": "A trick: touching my chin."}]
    impact = submission.answers["impact_overall"]  # a 0-10 scale
    assert items["impact_overall"] == [{"valueInteger": impact}]
    # The items sit in their section and page, as in the Questionnaire.
    first = questionnaire.pages[0]
    assert data["item"][0]["linkId"] == first.section.id
    assert data["item"][0]["item"][0]["linkId"] == first.id


def test_one_response_for_staff_only_and_audited(
    app: Flask,
    client: FlaskClient,
    staff_client: FlaskClient,
    make_submission: SubmissionFactory,
    db: Session,
) -> None:
    submission = make_submission(red_flag_level="emergency")
    url = f"/staff/submissions/{submission.reference}/fhir"
    assert client.get(url).status_code in (302, 401, 403)

    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    parsed = QuestionnaireResponse.model_validate_json(response.data)
    assert parsed.identifier.value == submission.reference
    assert db.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == "submission_viewed",
            AuditEvent.target == submission.reference,
        )
    )
    assert staff_client.get("/staff/submissions/DYS-0000-0000/fhir").status_code == 404


def test_the_queues_selection_streams_as_ndjson(
    staff_client: FlaskClient, make_submission: SubmissionFactory, db: Session
) -> None:
    urgent = {make_submission(red_flag_level="emergency").reference for _ in range(3)}
    for _ in range(4):
        make_submission()
    response = staff_client.post("/staff/export.ndjson", data={"level": "emergency"})

    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "application/fhir+ndjson"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="screener-responses-'
    )
    lines = response.get_data().decode().splitlines()
    parsed = [QuestionnaireResponse.model_validate_json(line) for line in lines]
    assert {p.identifier.value for p in parsed} == urgent
    (event,) = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert event.details["format"] == "fhir-ndjson"
    assert event.details["rows"] == 3
    assert event.details["completed"] is True
    assert event.details["filters"] == {"level": "emergency"}


def test_the_ndjson_export_needs_staff(client: FlaskClient) -> None:
    assert client.post("/staff/export.ndjson").status_code in (302, 401, 403)


def test_staff_pages_offer_the_fhir_downloads(
    staff_client: FlaskClient, make_submission: SubmissionFactory
) -> None:
    submission = make_submission()
    queue = staff_client.get("/staff/?level=none").get_data(as_text=True)
    assert 'formaction="/staff/export.ndjson"' in queue
    page = staff_client.get(f"/staff/submissions/{submission.reference}")
    assert f'href="/staff/submissions/{submission.reference}/fhir"' in page.get_data(
        as_text=True
    )


def test_each_answer_sits_where_the_questionnaire_has_its_item(
    client: FlaskClient, db: Session, questionnaire: Questionnaire
) -> None:
    """A FHIR client matches a response's items to the Questionnaire's by their
    path of linkIds: every path in a response must be one the Questionnaire has."""
    from screener.fhir.questionnaire import fhir_questionnaire

    def paths(items: list[dict], above: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
        found = set()
        for item in items:
            here = (*above, item["linkId"])
            found.add(here)
            found |= paths(item.get("item", []), here)
        return found

    form = json.loads(
        fhir_questionnaire(questionnaire, BASE).model_dump_json(exclude_none=True)
    )
    reference = PatientWalk(client, questionnaire, expansive=True).complete(
        {"anything_else": "Nothing more."}
    )
    response = json.loads(
        questionnaire_response(
            questionnaire, sent(db, reference), BASE
        ).model_dump_json(exclude_none=True)
    )
    answered = paths(response["item"])
    assert any(path[-1] == "anything_else" for path in answered)
    assert answered <= paths(form["item"])
