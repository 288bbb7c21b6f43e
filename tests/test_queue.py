"""The triage queue: order, filters, keyset pages, capped counts and look-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from screener.db.models import PRIORITY
from screener.db.models import STATUSES
from screener.db.models import Submission
from screener.submissions import queue
from screener.submissions import tallies

from .conftest import SubmissionFactory


def references(page: queue.Page) -> list[str]:
    return [row.reference for row in page.rows]


@pytest.fixture
def mixed(make_submission: SubmissionFactory) -> dict[str, Submission]:
    day = dt.date(2026, 11, 10)
    return {
        "old emergency": make_submission(submitted_on=day, red_flag_level="emergency"),
        "new routine": make_submission(submitted_on=day + dt.timedelta(days=5)),
        "mid same day": make_submission(
            submitted_on=day + dt.timedelta(days=2),
            red_flag_level="same_day",
            regions=["eyes"],
        ),
        "reviewed": make_submission(
            submitted_on=day + dt.timedelta(days=3),
            status="reviewed",
            regions=["eyes", "neck"],
        ),
        "old version": make_submission(
            submitted_on=day + dt.timedelta(days=1), questionnaire_version="2025.1"
        ),
    }


def test_newest_first_by_default(db: Session, mixed: dict[str, Submission]) -> None:
    page = queue.page(db, queue.QueueFilters(), None, 10)
    dates = [row.submitted_on for row in page.rows]
    assert dates == sorted(dates, reverse=True)


def test_most_urgent_first_when_asked(
    db: Session, mixed: dict[str, Submission]
) -> None:
    page = queue.page(db, queue.QueueFilters(urgent_first=True), None, 10)
    assert references(page)[:2] == [
        mixed["old emergency"].reference,
        mixed["mid same day"].reference,
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (queue.QueueFilters(level="emergency"), ["old emergency"]),
        (queue.QueueFilters(status="reviewed"), ["reviewed"]),
        (queue.QueueFilters(region="eyes"), ["reviewed", "mid same day"]),
        (queue.QueueFilters(version="2025.1"), ["old version"]),
        (
            queue.QueueFilters(
                since=dt.date(2026, 11, 12), until=dt.date(2026, 11, 13)
            ),
            ["reviewed", "mid same day"],
        ),
    ],
)
def test_filters(
    db: Session,
    mixed: dict[str, Submission],
    filters: queue.QueueFilters,
    expected: list[str],
) -> None:
    assert references(queue.page(db, filters, None, 10)) == [
        mixed[name].reference for name in expected
    ]


@pytest.mark.parametrize("urgent_first", [False, True], ids=["newest", "urgent"])
def test_pages_cover_every_row_once(
    db: Session, make_submission: SubmissionFactory, urgent_first: bool
) -> None:
    levels = ["none", "emergency", "within_days", "same_day"]
    made = {make_submission(red_flag_level=levels[n % 4]).reference for n in range(23)}
    filters = queue.QueueFilters(urgent_first=urgent_first)
    seen: list[str] = []
    cursor = None
    while True:
        page = queue.page(db, filters, cursor, 5)
        seen += references(page)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 23
    assert set(seen) == made
    assert seen == references(queue.page(db, filters, None, 100))


FILTER_CASES = [
    queue.QueueFilters(),
    queue.QueueFilters(status="new"),
    queue.QueueFilters(level="emergency", region="eyes"),
    queue.QueueFilters(region="neck", status="reviewed", version="2025.1"),
    queue.QueueFilters(since=dt.date(2026, 11, 12), until=dt.date(2026, 11, 13)),
]


def exact_counts(db: Session, filters: queue.QueueFilters) -> dict[str, dict[str, int]]:
    """Count rows the slow way, to check the tallies against."""

    def count(changed: queue.QueueFilters) -> int:
        return len(list(db.scalars(queue.matching(changed))))

    return {
        "status": {s: count(replace(filters, status=s)) for s in STATUSES},
        "level": {lvl: count(replace(filters, level=lvl)) for lvl in PRIORITY},
    }


@pytest.mark.parametrize("filters", FILTER_CASES)
def test_tallies_match_the_rows_after_every_kind_of_write(
    app,
    db: Session,
    staff_client: FlaskClient,
    mixed: dict[str, Submission],
    filters: queue.QueueFilters,
) -> None:
    staff_client.post(
        f"/staff/submissions/{mixed['new routine'].reference}/status",
        data={"status": "closed"},
    )
    staff_client.post(
        f"/staff/submissions/{mixed['reviewed'].reference}/status",
        data={"status": "contacted"},
    )
    purged = app.test_cli_runner().invoke(args=["purge", "--older-than", "9", "--yes"])
    assert purged.exit_code == 0, purged.output  # drops the oldest
    db.expire_all()
    assert tallies.counts(db, filters) == exact_counts(db, filters)


def test_rebuilding_the_tallies_changes_nothing(
    db: Session, mixed: dict[str, Submission]
) -> None:
    before = {repr(f): tallies.counts(db, f) for f in FILTER_CASES}
    tallies.rebuild(db)
    assert {repr(f): tallies.counts(db, f) for f in FILTER_CASES} == before


def test_a_cursor_round_trips_and_a_forged_one_is_refused() -> None:
    cursor = queue.Cursor(2, dt.date(2026, 11, 20), 123)
    assert queue.Cursor.decode(cursor.encode()) == cursor
    for forged in ("9.2026-11-20.1", "2.2026-11-20.1;drop", "", "2.yesterday.1"):
        with pytest.raises(ValueError, match="cursor"):
            queue.Cursor.decode(forged)


@pytest.mark.parametrize(
    "typed",
    ["DYS-7KQ3-M9PX", "dys-7kq3-m9px", " dys 7kq3 m9px ", "7KQ3M9PX", "DYS–7KQ3–M9PX"],
)
def test_reference_codes_are_read_however_they_are_typed(typed: str) -> None:
    assert queue.normalise_reference(typed) == "DYS-7KQ3-M9PX"


def test_the_queue_page(
    staff_client: FlaskClient, mixed: dict[str, Submission]
) -> None:
    page = staff_client.get("/staff/?order=urgent").get_data(as_text=True)
    first = page.index(mixed["old emergency"].reference)
    assert (
        first
        < page.index(mixed["mid same day"].reference)
        < page.index(mixed["new routine"].reference)
    )
    assert "Emergency" in page


def test_the_queue_pages_through_links(
    staff_client: FlaskClient, make_submission: SubmissionFactory, app
) -> None:
    app.config["QUEUE_PAGE_SIZE"] = 2
    for _ in range(3):
        make_submission()
    first = staff_client.get("/staff/").get_data(as_text=True)
    assert 'rel="next"' in first
    link = (
        first.split('rel="next"')[0]
        .rsplit('href="', 1)[1]
        .split('"')[0]
        .replace("&amp;", "&")
    )
    second = staff_client.get(link).get_data(as_text=True)
    assert "First page" in second
    assert 'rel="next"' not in second


def test_a_bad_filter_is_shown_and_ignored(
    staff_client: FlaskClient, mixed: dict[str, Submission]
) -> None:
    response = staff_client.get("/staff/?since=yesterday&level=emergency")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a date like 2026-11-20." in page
    assert mixed["old emergency"].reference in page
    assert mixed["new routine"].reference not in page


@pytest.mark.parametrize("level", ["%20", "%20%20", "%09"])
def test_a_blank_filter_means_any(
    staff_client: FlaskClient, mixed: dict[str, Submission], level: str
) -> None:
    # Found by an attack: `level=%20` (a space) was a KeyError, 500, on the queue and
    # on the export.
    page = staff_client.get(f"/staff/?level={level}").get_data(as_text=True)
    assert all(submission.reference in page for submission in mixed.values())
    export = staff_client.post("/staff/export.csv", data={"level": " "})
    assert export.status_code == 200
    assert len(export.get_data(as_text=True).splitlines()) == 1 + len(mixed)


def test_a_forged_cursor_is_a_bad_request(staff_client: FlaskClient) -> None:
    assert staff_client.get("/staff/?after=nonsense").status_code == 400


def test_look_up_by_reference(
    staff_client: FlaskClient, mixed: dict[str, Submission]
) -> None:
    reference = mixed["reviewed"].reference
    typed = reference.lower().replace("-", " ")
    assert (
        staff_client.get(f"/staff/lookup?reference={typed}").headers["Location"]
        == f"/staff/submissions/{reference}"
    )
    missing = staff_client.get(
        "/staff/lookup?reference=DYS-2222-2222", follow_redirects=True
    )
    assert "No submission has the reference" in missing.get_data(as_text=True)
