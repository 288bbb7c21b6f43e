"""The export tells a question not asked (blank) from one asked and left blank
(`export.LEFT_BLANK`), in every kind of column, on the fast and the slow path."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from screener.db.models import QuestionnaireSnapshot
from screener.db.models import Submission
from screener.questionnaire import Questionnaire
from screener.questionnaire import load_snapshot
from screener.submissions import export

from .conftest import MINIMAL_QUESTIONS
from .conftest import SubmissionFactory
from .patient_walk import PatientWalk
from .test_export import download
from .test_export import parse

ASKU = export.LEFT_BLANK
#: Two more questions for the minimal questionnaire's last page: an optional
#: multiple choice, and one offering the regions ticked earlier.
EXTRA_QUESTIONS = """\
          - id: worse_with
            type: multiple_choice
            text: What makes it worse?
            required: false
            choices:
              - {code: stress, label: Stress}
              - {code: tired, label: Being tired}
          - id: worst_region
            type: multiple_choice
            text: Which part bothers {them} most?
            choices_from: body_regions
            choices:
              - {code: not_sure, label: Not sure}
"""


@pytest.fixture
def wider() -> Questionnaire:
    """The minimal questionnaire with every kind of column: single choice, scale,
    number, free text, multiple choice (required, optional, choices from earlier)."""
    text = MINIMAL_QUESTIONS.read_text()
    marker = "            required: false\nred_flag_levels:"
    assert marker in text
    text = text.replace(
        marker, marker.replace("red_flag", EXTRA_QUESTIONS + "red_flag")
    )
    return load_snapshot(text, "minimal plus")


def row_of(q: Questionnaire, answers: dict[str, Any]) -> dict[str, str]:
    """The answers' cells by column name, as stored with a submission and read back."""
    names = [col.name for col in export.columns(q)]
    names = names[names.index("regions") :]  # what a submission stores
    cells = next(iter(parse(export.stored_cells(q, answers).encode())))
    return dict(zip(names, cells, strict=True))


@pytest.mark.one_engine
def test_every_kind_of_column(wider: Questionnaire) -> None:
    row = row_of(
        wider,
        {
            "safety_now": ["none"],
            "who_answering": "self",
            "body_regions": ["neck"],
            "neck_turn": "no",
            "age_now": 40,
            "worst_region": ["neck"],
        },
    )
    assert row["regions"] == "neck"
    assert row["neck_turn"] == "no"
    assert row["neck_pain"] == ASKU  # an optional scale, shown, left blank
    assert row["age_now"] == "40"
    assert row["other"] == ASKU  # optional free text left empty
    # An optional multiple choice with nothing ticked: every option says so.
    assert (row["worse_with___stress"], row["worse_with___tired"]) == (ASKU, ASKU)
    # Offered only the regions ticked: arm or hand was never put to this patient.
    assert row["worst_region___neck"] == "1"
    assert row["worst_region___arm_hand"] == ""
    assert row["worst_region___not_sure"] == "0"


@pytest.mark.one_engine
def test_a_hidden_page_is_blank_and_a_missing_required_answer_is_not(
    wider: Questionnaire,
) -> None:
    row = row_of(
        wider,
        {"safety_now": ["none"], "who_answering": "self", "body_regions": ["arm_hand"]},
    )
    assert (row["neck_turn"], row["neck_pain"]) == ("", "")  # the neck page was hidden
    # Shown but with no answer (data not sent through the app): left blank.
    assert row["age_now"] == ASKU
    assert row["worst_region___neck"] == ""
    assert row["worst_region___arm_hand"] == ASKU
    assert row["worst_region___not_sure"] == ASKU
    none_asked = row_of(wider, {})  # not even the regions question was answered
    assert none_asked["regions"] == ASKU
    assert none_asked["neck_turn"] == ""


@pytest.mark.one_engine
def test_a_typed_code_is_not_taken_for_a_blank(wider: Questionnaire) -> None:
    row = row_of(wider, {"body_regions": ["neck"], "other": ASKU})
    assert row["other"] == "'" + ASKU
    assert export.neutralise(ASKU) == "'" + ASKU


def test_a_real_patient_on_every_path(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    """Through the app: the optional last question left empty, treatment notes not
    asked (no treatment tried); the same on the fast path, the slow one and labels."""
    q = app.extensions["screener.questionnaire"]
    PatientWalk(app.test_client(), q).complete({"treatments_tried": ["none"]})
    PatientWalk(app.test_client(), q).complete({"anything_else": ASKU})
    fast = download(staff_client)
    db.execute(update(Submission).values(export_hash="an older questionnaire"))
    db.commit()
    assert download(staff_client) == fast  # built from the answers, as stored
    for body in (fast, download(staff_client, labels="1")):
        rows = parse(body)
        found = sorted(
            (row["anything_else"], row["treatment_notes"])
            for row in (dict(zip(rows[0], r, strict=True)) for r in rows[1:])
        )
        assert found == [("'" + ASKU, ""), (ASKU, "")]


def test_the_questionnaire_answered_decides_what_was_asked(
    app: Flask,
    staff_client: FlaskClient,
    db: Session,
    make_submission: SubmissionFactory,
) -> None:
    """A submission made under an older version, which asked the last question only of
    carers: for a patient answering for themselves it was not asked, so blank, though
    today's questionnaire asks everyone."""
    q = app.extensions["screener.questionnaire"]
    question = "          - id: anything_else\n            type: free_text\n"
    assert question in q.content
    older = q.content.replace(
        question,
        question
        + "            show_if: {question: who_answering, equals: carer_adult}\n",
    )
    content_hash = hashlib.sha256(older.encode()).hexdigest()
    db.add(
        QuestionnaireSnapshot(
            content_hash=content_hash,
            version="older",
            content=older,
            first_used_on=dt.date(2026, 1, 1),
        )
    )
    answers = {"safety_now": ["none"], "who_answering": "self"}
    old = make_submission(answers=answers, questionnaire_hash=content_hash)
    new = make_submission(answers=answers)
    # A version never stored: today's questionnaire stands in for it.
    lost = make_submission(answers=answers, questionnaire_hash="0" * 64)
    rows = parse(download(staff_client))
    by_reference = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_reference[old.reference]["anything_else"] == ""
    assert by_reference[new.reference]["anything_else"] == ASKU
    assert by_reference[lost.reference]["anything_else"] == ASKU
    # Refreshing the stored cells follows the same version.
    result = app.test_cli_runner().invoke(args=["refresh-export-rows"])
    assert "Re-rendered 3 submissions." in result.output
    rows = parse(download(staff_client))  # now from the stored cells
    again = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert again == by_reference


def test_cells_stored_before_left_blank_had_a_code_are_rebuilt(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    """Cells stored under the previous format wrote a blank for "left blank" too:
    their key no longer matches, so the export rebuilds them."""
    q = app.extensions["screener.questionnaire"]
    PatientWalk(app.test_client(), q).complete()
    current = db.scalar(select(Submission.export_cells))
    assert (
        export.cells_key(q)
        == hashlib.sha256(
            f"{q.content_hash}:{export.cells.CELLS_FORMAT}".encode()
        ).hexdigest()
    )
    previous = hashlib.sha256(f"{q.content_hash}:2".encode()).hexdigest()
    assert previous != export.cells_key(q)
    db.execute(
        update(Submission).values(
            export_hash=previous, export_cells=current.replace(ASKU, "")
        )
    )
    db.commit()
    rows = parse(download(staff_client))
    assert dict(zip(rows[0], rows[1], strict=True))["anything_else"] == ASKU
    result = app.test_cli_runner().invoke(args=["refresh-export-rows"])
    assert "Re-rendered 1 submission." in result.output
    assert db.scalar(select(Submission.export_cells)) == current


def test_the_data_dictionary_explains_blank_and_left_blank(
    staff_client: FlaskClient,
) -> None:
    rows = parse(staff_client.get("/staff/data-dictionary.csv").get_data())
    meaning = {row[0]: row[-1] for row in rows[1:]}
    for name in ("anything_else", "body_regions___neck", "regions", "age_band"):
        assert "blank if not asked" in meaning[name], name
        assert f"{ASKU} if asked and left blank" in meaning[name], name
    assert "0 if not" in meaning["body_regions___neck"]
