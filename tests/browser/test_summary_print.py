"""The summary on paper, as Chromium prints it: the facts every printout carries, no
site around it, and the page limits of tests/data/summary_patients.yaml (one part of
the body on 2 A4 pages, every part on 3); the PDF link works without JavaScript."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from pypdf import PdfReader

from screener.db.clock import utc_now
from screener.web.templating import long_date
from tests.conftest import TEST_CLINIC
from tests.summary_patients import SummaryPatient
from tests.summary_patients import shipped_summary_patients

from .conftest import ARTIFACTS
from .conftest import DESKTOP
from .conftest import LiveApp
from .patients import BrowserPatient
from .patients import at_check_answers


def printed_text(pdf: bytes) -> str:
    # NFKC undoes the ligatures the PDF is set with ("fi" as one glyph).
    pages = PdfReader(io.BytesIO(pdf)).pages
    return unicodedata.normalize(
        "NFKC", " ".join(" ".join(p.extract_text().split()) for p in pages)
    )


def send(page: Page, live: LiveApp, patient: SummaryPatient | None = None) -> str:
    overrides = patient.overrides if patient else None
    at_check_answers(page.context, live.url, live.questionnaire, overrides)
    page.goto("/check-answers")
    return BrowserPatient(page, live.questionnaire).send()


def test_the_printout_carries_the_facts_and_not_the_site(
    page: Page, live: LiveApp
) -> None:
    reference = send(page, live)
    printed = printed_text(page.pdf(format="A4"))

    q = live.questionnaire
    for fact in [
        reference,
        long_date(utc_now().date()),
        f"Version {q.version}",
        TEST_CLINIC["CLINIC_NAME"],
        TEST_CLINIC["CLINIC_PHONE"],
        q.file.summary.key_points_title,
        q.file.recommendation.title,
        " ".join(q.file.recommendation.paragraphs[0].split()),
        q.file.recommendation.film_title,
        "Page 1 of",
    ]:
        assert fact in printed
    for chrome in [
        "Skip to main content",
        "Not for emergencies",
        "Print this page",
        "Download this summary",
        "Start again",
        "Show every answer",
        "does not use cookies",
    ]:
        assert chrome not in printed


def _measured(name: str, printed: int, pdf: int) -> None:
    """Keep the page counts, for the record (test-artifacts/summary-pages.json)."""
    path = ARTIFACTS / "summary-pages.json"
    ARTIFACTS.mkdir(exist_ok=True)
    counts = json.loads(path.read_text()) if path.exists() else {}
    counts[name] = {"chromium_print": printed, "pdf": pdf}
    path.write_text(json.dumps(counts, indent=2, sort_keys=True))


@pytest.mark.parametrize(
    "patient", shipped_summary_patients(), ids=lambda patient: patient.name
)
def test_the_summary_prints_within_its_page_limit(
    page: Page, live: LiveApp, patient: SummaryPatient
) -> None:
    send(page, live, patient)
    printed = len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    downloaded = page.request.get("/summary.pdf")
    assert downloaded.ok
    pdf = len(PdfReader(io.BytesIO(downloaded.body())).pages)
    _measured(patient.name, printed, pdf)

    assert printed <= patient.pages
    assert pdf <= patient.pages


def test_the_pdf_downloads_without_javascript(browser: Browser, live: LiveApp) -> None:
    context = browser.new_context(
        base_url=live.url, viewport=DESKTOP, java_script_enabled=False
    )
    page = context.new_page()
    reference = send(page, live)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this summary as a PDF").click()
    path = download.value.path()
    assert download.value.suggested_filename == f"summary-{reference}.pdf"
    assert reference in printed_text(path.read_bytes())
    context.close()
