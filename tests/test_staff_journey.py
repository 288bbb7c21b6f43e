"""The staff area's whole journey, as the issue describes it being done."""

from __future__ import annotations

import csv
import io

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import AuditEvent

from .conftest import STAFF_PASSWORD
from .conftest import sign_in
from .patient_walk import PatientWalk


def test_a_staff_member_triages_an_urgent_submission(app: Flask, db: Session) -> None:
    q = app.extensions["screener.questionnaire"]
    for regions in (["neck"], ["arm_hand"]):
        PatientWalk(app.test_client(), q).complete({"body_regions": regions})
    urgent = PatientWalk(app.test_client(), q).complete({"safety_now": ["breathing"]})
    PatientWalk(app.test_client(), q).complete({"body_regions": ["eyes"]})

    created = app.test_cli_runner().invoke(
        args=["create-staff", "nurse.kim"], input=f"{STAFF_PASSWORD}\n" * 2
    )
    assert created.exit_code == 0
    client = app.test_client()
    assert sign_in(client, "nurse.kim").headers["Location"] == "/staff/"

    queue = client.get("/staff/?order=urgent").get_data(as_text=True)
    first_row = queue.split("<tbody>")[1].split("</tr>")[0]
    assert urgent in first_row

    assert client.get(f"/staff/submissions/{urgent}").status_code == 200
    client.post(f"/staff/submissions/{urgent}/status", data={"status": "reviewed"})
    client.post(
        f"/staff/submissions/{urgent}/notes",
        data={"text": "Advised to call 999; will follow up."},
    )

    export = client.post("/staff/export.csv", data={"order": "urgent"})
    rows = list(csv.reader(io.StringIO(export.get_data().decode("utf-8-sig"))))
    assert rows[1][0] == urgent
    assert rows[1][rows[0].index("status")] == "reviewed"
    assert len(rows) == 5
    dictionary = client.get("/staff/data-dictionary.csv")
    assert dictionary.status_code == 200

    trail = [
        (event.actor, event.action, event.target)
        for event in db.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]
    assert ("cli", "staff_created", "nurse.kim") in trail
    for step in [
        ("nurse.kim", "login_succeeded", "nurse.kim"),
        ("nurse.kim", "submission_viewed", urgent),
        ("nurse.kim", "status_changed", urgent),
        ("nurse.kim", "note_added", urgent),
        ("nurse.kim", "export", None),
        ("nurse.kim", "data_dictionary", None),
    ]:
        assert step in trail, step
