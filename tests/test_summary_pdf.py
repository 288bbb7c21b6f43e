"""The summary as a PDF (/summary.pdf, /summary/preview.pdf): rendered by WeasyPrint,
tagged for screen readers (PDF/UA-1), with the reference, the key points and the
recommendation, within the page limits, and fetching nothing."""

from __future__ import annotations

import http.server
import io
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from screener.db.clock import utc_now
from screener.questionnaire import Questionnaire
from screener.web.pdf import render_pdf
from screener.web.templating import long_date
from tests.components import require_command
from tests.conftest import TEST_CLINIC
from tests.patient_walk import PatientWalk
from tests.summary_patients import SummaryPatient
from tests.summary_patients import shipped_summary_patients


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize(
    "patient", shipped_summary_patients(), ids=lambda patient: patient.name
)
def test_the_pdf_holds_the_summary_within_its_page_limit(
    client: FlaskClient, questionnaire: Questionnaire, patient: SummaryPatient
) -> None:
    reference = PatientWalk(client, questionnaire).complete(patient.overrides)
    response = client.get("/summary.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="summary-{reference}.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) <= patient.pages
    text = text_of(response.data)
    q = questionnaire.for_answers(patient.overrides)
    for expected in [
        reference,
        long_date(utc_now().date()),
        f"Version {questionnaire.version}",
        TEST_CLINIC["CLINIC_NAME"],
        TEST_CLINIC["CLINIC_PHONE"],
        q.file.summary.key_points_title,
        q.file.recommendation.title,
        q.file.recommendation.film_title,
        " ".join(q.file.recommendation.paragraphs[0].split()[:8]),
    ]:
        assert expected in text


def test_the_pdf_is_tagged_titled_and_keeps_no_time(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    reference = PatientWalk(client, questionnaire).complete()
    reader = PdfReader(io.BytesIO(client.get("/summary.pdf").data))
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"].value  # tagged
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value
    info = reader.metadata
    assert info is not None
    assert reference in (info.title or "")
    assert info["/Keywords"] == reference
    # No creation or change time: a time could be matched with other records.
    assert "/CreationDate" not in info
    assert "/ModDate" not in info


def test_a_spanish_patients_pdf_is_in_spanish(
    app: Flask, client: FlaskClient, questionnaire: Questionnaire
) -> None:
    client.get("/?lang=es")
    PatientWalk(client, questionnaire).complete()
    pdf = client.get("/summary.pdf").data
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "es"
    spanish = app.extensions["screener.questionnaires"]["es"]
    text = text_of(pdf)
    assert spanish.file.recommendation.title in text
    assert questionnaire.file.recommendation.title not in text


def test_poppler_reads_the_pdf_as_tagged(
    client: FlaskClient, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    pdfinfo = require_command("pdfinfo", "poppler-utils")
    pdftotext = require_command("pdftotext", "poppler-utils")
    reference = PatientWalk(client, questionnaire).complete()
    path = tmp_path / "summary.pdf"
    path.write_bytes(client.get("/summary.pdf").data)

    info = subprocess.run(
        [pdfinfo, str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info
    assert f"Keywords:        {reference}" in info
    text = subprocess.run(
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert reference in text


def test_the_preview_pdf_says_it_was_not_sent(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    walk = PatientWalk(client, questionnaire)
    walk.start()
    assert walk.walk() == "/check-answers"

    response = client.get("/summary/preview.pdf")

    assert response.status_code == 200
    assert (
        'filename="summary-preview-not-sent.pdf"'
        in (response.headers["Content-Disposition"])
    )
    text = text_of(response.data)
    assert "have not been sent" in text
    assert "DYS-" not in text
    assert questionnaire.file.summary.key_points_title in text


def test_a_pdf_needs_answers_to_summarise(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    assert client.get("/summary.pdf").status_code == 302
    assert client.get("/summary/preview.pdf").status_code == 302
    PatientWalk(client, questionnaire).start()
    # Started but not finished: back to the questions, no PDF.
    response = client.get("/summary/preview.pdf")
    assert response.status_code == 302
    assert response.headers["Location"] == "/continue"


class _Hits(http.server.BaseHTTPRequestHandler):
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hits)
    _Hits.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Hits.paths
    server.shutdown()
    server.server_close()


def test_rendering_fetches_nothing(app: Flask, listener: tuple[str, list[str]]) -> None:
    """Not an image, a stylesheet nor a font, even when the HTML asks for them."""
    url, hits = listener
    html = f"""<!doctype html><html lang="en"><head><title>t</title>
      <link rel="stylesheet" href="{url}/style.css">
      <style>@font-face {{ font-family: x; src: url({url}/font.woff) }}
      body {{ font-family: x; background: url({url}/back.png) }}</style></head>
      <body><p>Text</p><img src="{url}/image.png" alt=""></body></html>"""
    with app.app_context():
        pdf = render_pdf(html)

    assert "Text" in text_of(pdf)
    assert hits == []
