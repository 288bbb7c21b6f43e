"""The staff dashboard: its figures, and charts with tables of the same numbers."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from screener.questionnaire import Questionnaire
from screener.staff import dashboard

from .conftest import SubmissionFactory

MONDAY = dt.date(2026, 11, 2)


def test_weekly_counts_flags_regions_and_indicators(
    reader: Session, questionnaire: Questionnaire, make_submission: SubmissionFactory
) -> None:
    make_submission(
        submitted_on=MONDAY,
        regions=["neck"],
        answers={"move_pulled": "yes_same_way", "pain_where": ["neck"]},
    )
    make_submission(
        submitted_on=MONDAY + dt.timedelta(days=6),
        red_flag_level="emergency",
        regions=["neck", "eyes"],
    )
    make_submission(
        submitted_on=MONDAY + dt.timedelta(days=7),
        red_flag_level="within_days",
        regions=["eyes"],
    )
    make_submission(submitted_on=MONDAY + dt.timedelta(days=30))  # outside the window
    figures = dashboard.build(
        reader, questionnaire, MONDAY, MONDAY + dt.timedelta(days=13)
    )
    assert figures.total == 3
    assert [(week.starts, week.submissions) for week in figures.weeks] == [
        (MONDAY, 2),
        (MONDAY + dt.timedelta(days=7), 1),
    ]
    assert figures.weeks[0].flags == {"emergency": 1, "same_day": 0, "within_days": 0}
    assert figures.weeks[1].flags["within_days"] == 1
    regions = {share.label: (share.count, share.percent) for share in figures.regions}
    neck_label = questionnaire.choice_label(
        questionnaire.question("body_regions"), "neck"
    )
    assert regions[neck_label] == (2, 66.7)
    titles = {section.id: section.title for section in questionnaire.file.sections}
    expected = [titles[block.section] for block in questionnaire.file.dashboard]
    assert [title for title, _shares in figures.sections] == expected
    pulled = next(
        share
        for _title, block in figures.sections
        for share in block
        if share.label.startswith("Pulled")
    )
    assert (pulled.count, pulled.total) == (1, 3)


def test_an_empty_window_has_no_division_by_zero(
    reader: Session, questionnaire: Questionnaire
) -> None:
    figures = dashboard.build(
        reader, questionnaire, MONDAY, MONDAY + dt.timedelta(days=6)
    )
    assert figures.total == 0
    assert all(share.percent == 0 for share in figures.regions)


def test_the_page_gives_charts_and_tables(
    staff_client: FlaskClient, make_submission: SubmissionFactory
) -> None:
    make_submission(submitted_on=MONDAY, regions=["neck"])
    page = staff_client.get(
        "/staff/dashboard?since=2026-11-02&until=2026-11-15"
    ).get_data(as_text=True)
    assert page.count("<canvas") >= 4
    assert (
        page.count("<table") == page.count("<canvas") - 1
    )  # red flags share the weekly table
    data = json.loads(
        re.search(
            r'<script type="application/json" id="dashboard-data">(.*?)</script>',
            page,
            re.S,
        )[1]
    )
    assert data["weekly"]["values"] == [1, 0]
    assert (
        '<script src="/static/vendor/chart.js/chart.umd.min.js" defer>' in page
    )  # served here, no CDN
    assert "//cdn" not in page


def test_bad_dates_fall_back_to_the_default_window(staff_client: FlaskClient) -> None:
    assert (
        staff_client.get("/staff/dashboard?since=soon&until=later").status_code == 200
    )


def test_the_window_is_bounded() -> None:
    today = dt.date(2026, 12, 1)
    earliest = dashboard.monday(today) - dt.timedelta(weeks=dashboard.MAX_WEEKS - 1)
    # Found by an attack: since=9999-12-31 built 414,000 weeks; until=0001-01-02
    # overflowed the date type. Both now fall inside the last ten years.
    assert dashboard.window(dt.date(9999, 12, 31), None, today, 12) == (today, today)
    assert dashboard.window(None, dt.date(1, 1, 2), today, 12) == (earliest, earliest)
    assert dashboard.window(dt.date(1, 1, 1), dt.date(9999, 1, 1), today, 12) == (
        earliest,
        today,
    )
    default = dashboard.window(None, None, today, 12)
    assert default == (dashboard.monday(today) - dt.timedelta(weeks=11), today)
    assert dashboard.window(today, MONDAY, today, 12) == (MONDAY, today)  # swapped


@pytest.mark.parametrize(
    "query",
    ["since=9999-12-31", "until=0001-01-02", "since=0001-01-01&until=9999-12-31"],
)
def test_extreme_dates_give_a_bounded_page(
    staff_client: FlaskClient, query: str
) -> None:
    response = staff_client.get(f"/staff/dashboard?{query}")
    assert response.status_code == 200
    assert len(response.get_data()) < 2_000_000  # was 84 MiB
