"""The triage queue: order, filters, keyset pages, capped counts and look-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from screener.db.models import PRIORITY
from screener.db.models import STATUSES
from screener.db.models import Submission
from screener.staff.forms import ORDER_LABELS
from screener.submissions import queue
from screener.submissions import tallies

from .conftest import SubmissionFactory


def references(page: queue.Page) -> list[str]:
    return [row.reference for row in page.rows]


def every_page(db: Session, filters: queue.QueueFilters, size: int) -> list[str]:
    """The references on every page, following each page's cursor to the end."""
    seen: list[str] = []
    cursor = None
    while True:
        page = queue.page(db, filters, cursor, size)
        seen += references(page)
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


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


def test_newest_first_when_asked(db: Session, mixed: dict[str, Submission]) -> None:
    page = queue.page(db, queue.QueueFilters(order="newest"), None, 10)
    dates = [row.submitted_on for row in page.rows]
    assert dates == sorted(dates, reverse=True)


def test_most_urgent_first_whatever_the_status_when_asked(
    db: Session, make_submission: SubmissionFactory
) -> None:
    day = dt.date(2026, 11, 10)
    reviewed = make_submission(
        submitted_on=day, red_flag_level="emergency", status="reviewed"
    )
    same_day = make_submission(submitted_on=day, red_flag_level="same_day")
    page = queue.page(db, queue.QueueFilters(order="urgent"), None, 10)
    assert references(page) == [reviewed.reference, same_day.reference]


@pytest.fixture
def triage(make_submission: SubmissionFactory) -> dict[str, Submission]:
    """Every level, new and not, on days that would put them in another order if
    the queue sorted by date or by level alone."""
    day = dt.date(2026, 11, 10)

    def on(days: int, level: str, status: str = "new") -> Submission:
        return make_submission(
            submitted_on=day + dt.timedelta(days=days),
            red_flag_level=level,
            status=status,
        )

    return {
        "reviewed emergency, newest": on(9, "emergency", "reviewed"),
        "new emergency, oldest": on(0, "emergency"),
        "closed emergency": on(1, "emergency", "closed"),
        "new same day": on(2, "same_day"),
        "new within days, newer": on(5, "within_days"),
        "new within days, older": on(3, "within_days"),
        "contacted within days": on(8, "within_days", "contacted"),
        "new routine, newest": on(9, "none"),
        "new routine": on(4, "none"),
        "reviewed routine": on(6, "none", "reviewed"),
    }


#: The default order of `triage`: the new ones by level, newest first within a
#: level; then every other status, newest first.
TRIAGE_ORDER = [
    "new emergency, oldest",
    "new same day",
    "new within days, newer",
    "new within days, older",
    "new routine, newest",
    "new routine",
    "reviewed emergency, newest",
    "contacted within days",
    "reviewed routine",
    "closed emergency",
]


def test_new_and_urgent_first_by_default(
    db: Session, triage: dict[str, Submission]
) -> None:
    page = queue.page(db, queue.QueueFilters(), None, 20)
    assert references(page) == [triage[name].reference for name in TRIAGE_ORDER]


def test_a_status_change_moves_a_submission_out_of_the_urgent_order(
    staff_client: FlaskClient, db: Session, triage: dict[str, Submission]
) -> None:
    emergency = triage["new emergency, oldest"]
    staff_client.post(
        f"/staff/submissions/{emergency.reference}/status", data={"status": "reviewed"}
    )
    after = references(queue.page(db, queue.QueueFilters(), None, 20))
    assert after[0] == triage["new same day"].reference
    # Now among the reviewed, contacted and closed, by date: it is the oldest of all.
    assert after[-1] == emergency.reference
    staff_client.post(
        f"/staff/submissions/{emergency.reference}/status", data={"status": "new"}
    )
    assert references(queue.page(db, queue.QueueFilters(), None, 1)) == [
        emergency.reference
    ]


def test_the_database_refuses_a_rank_out_of_step(
    db: Session, triage: dict[str, Submission]
) -> None:
    with pytest.raises(IntegrityError):
        db.execute(
            update(Submission)
            .where(Submission.id == triage["new same day"].id)
            .values(status="closed")
        )


@pytest.mark.parametrize("status", [None, *STATUSES])
@pytest.mark.parametrize("level", [None, *PRIORITY])
def test_filters_keep_the_default_order(
    db: Session, triage: dict[str, Submission], status: str | None, level: str | None
) -> None:
    # The filters say which triage ranks they leave (`queue._triage_ranks`): no row
    # may be lost by that, and the order must hold.
    filters = queue.QueueFilters(status=status, level=level)
    expected = [
        triage[name].reference
        for name in TRIAGE_ORDER
        if (status is None or triage[name].status == status)
        and (level is None or triage[name].red_flag_level == level)
    ]
    assert references(queue.page(db, filters, None, 20)) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (queue.QueueFilters(level="emergency"), ["old emergency"]),
        (queue.QueueFilters(status="reviewed"), ["reviewed"]),
        (queue.QueueFilters(region="eyes"), ["mid same day", "reviewed"]),
        (queue.QueueFilters(pattern="multifocal"), ["reviewed"]),
        (queue.QueueFilters(pattern="focal", region="eyes"), ["mid same day"]),
        (queue.QueueFilters(pattern="hemi"), []),
        (queue.QueueFilters(version="2025.1"), ["old version"]),
        (
            queue.QueueFilters(
                since=dt.date(2026, 11, 12), until=dt.date(2026, 11, 13)
            ),
            ["mid same day", "reviewed"],
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


@pytest.mark.parametrize("order", list(queue.SORT_KEYS))
def test_pages_cover_every_row_once(
    db: Session, make_submission: SubmissionFactory, order: queue.Order
) -> None:
    levels = ["none", "emergency", "within_days", "same_day"]
    made = {
        make_submission(
            red_flag_level=levels[n % 4], status=STATUSES[n % 3 and n % 7 % 4]
        ).reference
        for n in range(23)
    }
    filters = queue.QueueFilters(order=order)
    seen = every_page(db, filters, 5)
    assert len(seen) == len(set(seen)) == 23
    assert set(seen) == made
    assert seen == references(queue.page(db, filters, None, 100))


FILTER_CASES = [
    queue.QueueFilters(),
    queue.QueueFilters(status="new"),
    queue.QueueFilters(level="emergency", region="eyes"),
    queue.QueueFilters(region="neck", status="reviewed", version="2025.1"),
    queue.QueueFilters(pattern="focal", level="none"),
    queue.QueueFilters(pattern="multifocal", region="eyes", status="reviewed"),
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
    cursor = queue.Cursor(4, dt.date(2026, 11, 20), 123)
    assert queue.Cursor.decode(cursor.encode()) == cursor
    for forged in ("5.2026-11-20.1", "2.2026-11-20.1;drop", "", "2.yesterday.1"):
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


def test_the_orders_are_named_and_only_those_not_the_default_are_described() -> None:
    assert list(ORDER_LABELS) == list(queue.SORT_KEYS)
    assert next(iter(ORDER_LABELS)) == queue.QueueFilters.order == "triage"
    assert queue.QueueFilters(level="emergency").describe() == {"level": "emergency"}
    assert queue.QueueFilters(order="newest").describe() == {"order": "newest"}


def test_the_page_names_its_order_and_ignores_an_unknown_one(
    staff_client: FlaskClient, triage: dict[str, Submission]
) -> None:
    page = staff_client.get("/staff/").get_data(as_text=True)
    assert "Submissions, new first, most urgent first</caption>" in page
    assert page.index(triage["new routine"].reference) < page.index(
        triage["reviewed emergency, newest"].reference
    )
    odd = staff_client.get("/staff/?order=sideways")
    assert odd.status_code == 200
    assert "new first, most urgent first</caption>" in odd.get_data(as_text=True)


SORTED_BY = {
    "triage": lambda s: (s.triage_rank, s.submitted_on, s.id),
    "newest": lambda s: (s.submitted_on, s.id),
    "urgent": lambda s: (s.priority, s.submitted_on, s.id),
}


@pytest.mark.parametrize("order", list(queue.SORT_KEYS))
def test_a_region_filter_pages_through_the_ranks_that_hold_it(
    db: Session, make_submission: SubmissionFactory, order: queue.Order
) -> None:
    # The tallies tell the queue which ranks hold "eyes" (`_stretches_with_region`):
    # here no new emergency does, and none but those is urgent beyond "same day".
    levels = ["none", "same_day", "within_days", "emergency"]
    made = [
        make_submission(
            submitted_on=dt.date(2026, 11, 1) + dt.timedelta(days=n % 9),
            red_flag_level=levels[n % 4],
            status=STATUSES[n % 5 % 4],
            regions=["eyes"] if n % 4 != 3 and n % 3 else ["neck"],
        )
        for n in range(40)
    ]
    with_eyes = [s for s in made if s.region_codes == ["eyes"]]
    expected = [
        s.reference for s in sorted(with_eyes, key=SORTED_BY[order], reverse=True)
    ]
    filters = queue.QueueFilters(region="eyes", order=order)
    seen = every_page(db, filters, 4)
    assert seen == expected
    assert references(queue.page(db, replace(filters, region="jaw"), None, 10)) == []


@pytest.mark.parametrize("order", list(queue.SORT_KEYS))
def test_a_pattern_filter_pages_through_the_ranks_that_hold_it(
    db: Session, make_submission: SubmissionFactory, order: queue.Order
) -> None:
    # As with a region: the totals say which ranks hold a segmental submission, alone
    # or with a region, and the pages hold those and no others, in order.
    levels = ["none", "same_day", "within_days", "emergency"]
    made = [
        make_submission(
            submitted_on=dt.date(2026, 11, 1) + dt.timedelta(days=n % 9),
            red_flag_level=levels[n % 4],
            status=STATUSES[n % 5 % 4],
            regions=["neck", "voice"] if n % 4 != 3 and n % 3 else ["neck"],
        )
        for n in range(40)
    ]
    assert {s.distribution for s in made} == {"segmental", "focal"}
    for filters in (
        queue.QueueFilters(pattern="segmental", order=order),
        queue.QueueFilters(pattern="segmental", region="voice", order=order),
    ):
        held = [s for s in made if s.distribution == "segmental"]
        expected = [
            s.reference for s in sorted(held, key=SORTED_BY[order], reverse=True)
        ]
        seen = every_page(db, filters, 4)
        assert seen == expected
        assert exact_counts(db, filters) == tallies.counts(db, filters)
    eyes_segmental = queue.QueueFilters(pattern="segmental", region="eyes")
    assert references(queue.page(db, eyes_segmental, None, 10)) == []


def test_the_queue_filters_by_pattern_from_its_form(
    staff_client: FlaskClient, make_submission: SubmissionFactory
) -> None:
    focal = make_submission(regions=["neck"])
    hemi = make_submission(
        regions=["arm_hand", "leg_foot"],
        answers={
            "body_regions": ["arm_hand", "leg_foot"],
            "arm_side": "left",
            "leg_side": "left_main",
        },
    )
    assert hemi.distribution == "hemi"
    page = staff_client.get("/staff/").get_data(as_text=True)
    assert '<label class="label label--s" for="pattern">Pattern (staff only)' in page
    assert '<option value="hemi">Hemi</option>' in page
    page = staff_client.get("/staff/?pattern=hemi").get_data(as_text=True)
    assert hemi.reference in page
    assert focal.reference not in page
    assert '<option value="hemi" selected>Hemi</option>' in page
    # An unknown pattern is shown as a bad filter and ignored, like any other.
    response = staff_client.get("/staff/?pattern=diagnosis")
    assert response.status_code == 200
    assert focal.reference in response.get_data(as_text=True)


def test_each_row_shows_the_staff_only_pattern_of_its_regions(
    staff_client: FlaskClient, make_submission
) -> None:
    focal = make_submission(regions=["neck"], answers={"body_regions": ["neck"]})
    segmental = make_submission(
        regions=["eyes", "lower_face"],
        answers={"body_regions": ["eyes", "lower_face"]},
    )
    page = staff_client.get("/staff/").get_data(as_text=True)

    for submission, label in [(focal, "Focal"), (segmental, "Segmental")]:
        row = page[page.index(submission.reference) :]
        row = row[: row.index("</tr>")]
        assert '<span class="tag tag--pattern" title="Pattern of the regions' in row
        assert f">{label}</span>" in row
