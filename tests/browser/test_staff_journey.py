"""A member of staff in Chromium: sign in, open an urgent submission, mark it
reviewed, download the CSV."""

from __future__ import annotations

import csv

from playwright.sync_api import Page

from tests.conftest import STAFF_PASSWORD
from tests.http_client import HttpClient
from tests.patient_walk import PatientWalk

from .conftest import ARTIFACTS
from .conftest import REVIEWER
from .conftest import LiveApp


def test_staff_review_an_urgent_submission_and_download_it(
    page: Page, live: LiveApp
) -> None:
    patient = PatientWalk(HttpClient(live.url), live.questionnaire)
    reference = patient.complete(
        {
            "safety_now": ["breathing"],
            "body_regions": ["neck", "shoulder", "arm_hand"],
            "shoulder_side": "right",
            "arm_side": "right_main",
            "move_pulled": "yes_same_way",
            "eases_with": ["trick", "sleep"],
            "medicines_taken": ["mental_health"],
            "medicine_timing": ["after_long_use"],
            "time_since_start": "years_1_5",
            "treatments_tried": ["botox_recent", "physio"],
            "pain_where": ["neck"],
            "pain_severity": 6,
            "impact_overall": 7,
        }
    )

    page.goto("/staff/")
    assert "/staff/login" in page.url
    page.get_by_label("Username").fill(REVIEWER)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Submissions"

    row = page.locator("tbody tr", has=page.get_by_role("link", name=reference))
    assert "Emergency" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("link", name=reference).click()
    assert page.get_by_role("heading", level=1).inner_text() == reference
    # The synopsis fits the first screen at 1280 x 800: the flag in clinical words,
    # the body map and the pattern, without scrolling.
    synopsis = page.locator(".synopsis")
    assert synopsis.is_visible()
    box = synopsis.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= page.viewport_size["height"], box
    flag = next(
        f for f in live.questionnaire.file.red_flags if f.id == "breathing_swallowing"
    )
    assert flag.clinical in synopsis.inner_text()
    assert "Segmental" in synopsis.inner_text()
    assert page.locator(".body-map__part--reported").count() == 3
    folder = ARTIFACTS / "screenshots" / "staff"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / "synopsis-1280x800.png")

    page.get_by_label("Reviewed").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save status").click()
    assert page.get_by_role("heading", level=1).inner_text() == reference
    assert "Reviewed" in page.locator(".facts").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Back to submissions").click()
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download CSV").click()
    download = downloading.value
    assert download.suggested_filename.startswith("screener-submissions-")
    # utf-8-sig: the file starts with a byte-order mark, for Excel.
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = {row["reference"]: row for row in csv.DictReader(file)}
    assert rows[reference]["status"] == "reviewed"
    assert rows[reference]["red_flag_level"] == "emergency"
    assert rows[reference]["safety_now___breathing"] == "1"
    assert rows[reference]["safety_now___none"] == "0"
