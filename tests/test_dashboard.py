"""The staff dashboard: its figures, and charts with tables of the same numbers."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import DayCount
from screener.db.models import Submission
from screener.db.models import WeekCount
from screener.questionnaire import Questionnaire
from screener.questionnaire import holds
from screener.staff import dashboard
from screener.submissions import dashboard_counts
from screener.submissions import dashboard_recount

from .conftest import SHIPPED_QUESTIONS
from .conftest import SubmissionFactory
from .conftest import make_app

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


# --- The running counts against a direct count -----------------------------------


def direct_figures(
    session: Session, q: Questionnaire, since: dt.date, until: dt.date
) -> dict[str, object]:
    """The dashboard's figures counted straight from the rows and their answers, as
    the dashboard did before it kept counts."""
    rows = list(
        session.scalars(
            select(Submission).where(Submission.submitted_on.between(since, until))
        )
    )
    weeks: Counter[dt.date] = Counter(dashboard.monday(s.submitted_on) for s in rows)
    flags: Counter[tuple[dt.date, str]] = Counter(
        (dashboard.monday(s.submitted_on), s.red_flag_level) for s in rows
    )
    regions: Counter[str] = Counter(code for s in rows for code in s.region_codes)
    starts = [
        dashboard.monday(since) + dt.timedelta(weeks=n)
        for n in range((until - dashboard.monday(since)).days // 7 + 1)
    ]
    return {
        "total": len(rows),
        "weeks": [
            (
                start,
                weeks[start],
                [flags[(start, lvl)] for lvl in dashboard.FLAG_LEVELS],
            )
            for start in starts
        ],
        "regions": [(c.label, regions[c.code]) for c in q.regions],
        "sections": [
            [
                (indicator.label, sum(holds(indicator.when, s.answers) for s in rows))
                for indicator in block.indicators
            ]
            for block in q.file.dashboard
        ],
    }


def shown_figures(figures: dashboard.Dashboard) -> dict[str, object]:
    return {
        "total": figures.total,
        "weeks": [
            (w.starts, w.submissions, [w.flags[lvl] for lvl in dashboard.FLAG_LEVELS])
            for w in figures.weeks
        ],
        "regions": [(share.label, share.count) for share in figures.regions],
        "sections": [
            [(share.label, share.count) for share in shares]
            for _title, shares in figures.sections
        ],
    }


def windows(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The default window, the full range, ragged ends, one week, one day."""
    wednesday = dashboard.monday(today) - dt.timedelta(weeks=9) + dt.timedelta(days=2)
    return [
        dashboard.window(None, None, today, 12),
        dashboard.window(dt.date(1, 1, 1), None, today, 12),
        (wednesday, wednesday + dt.timedelta(weeks=5, days=5)),  # Wednesday to Monday
        (dashboard.monday(wednesday), dashboard.monday(wednesday) + dt.timedelta(6)),
        (wednesday + dt.timedelta(days=1), wednesday + dt.timedelta(days=3)),
        (wednesday, wednesday),
    ]


def assert_counts_match(app: Flask, db: Session, q: Questionnaire) -> None:
    db.expire_all()
    with app.extensions["screener.db.read"]() as reader:
        for since, until in windows(dt.datetime.now(dt.UTC).date()):
            expected = direct_figures(db, q, since, until)
            assert shown_figures(dashboard.build(reader, q, since, until)) == expected


def test_the_running_counts_equal_a_direct_count(
    app: Flask,
    db: Session,
    questionnaire: Questionnaire,
    make_submission: SubmissionFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dashboard_recount, "BATCH", 40)  # several batches, not one
    seeded = app.test_cli_runner().invoke(
        args=["seed-demo", "--count", "300", "--days", "90", "--yes"]
    )
    assert seeded.exit_code == 0, seeded.output
    keys = dashboard_recount.indicator_conditions(questionnaire)
    assert dashboard_counts.counted_keys(db) == set(keys)  # none counted the slow way
    assert_counts_match(app, db, questionnaire)
    # Sent one at a time from now on, on days inside and outside the batches.
    today = dt.datetime.now(dt.UTC).date()
    for days_ago, answers in (
        (0, {"task_which": ["writing"], "eases_with": ["trick", "sleep"]}),
        (0, {"who_answering": "parent_child", "impact_overall": 8}),
        (40, {"move_kind": ["shaking_steady", "urge_first"]}),
        (89, {"tiredness": "often"}),
    ):
        make_submission(
            submitted_on=today - dt.timedelta(days=days_ago),
            red_flag_level="same_day",
            regions=["eyes"],
            answers={"safety_now": ["none"], "body_regions": ["eyes"], **answers},
        )
    assert_counts_match(app, db, questionnaire)


def test_a_purged_submission_leaves_the_counts(
    app: Flask,
    db: Session,
    questionnaire: Questionnaire,
    make_submission: SubmissionFactory,
) -> None:
    app.test_cli_runner().invoke(args=["count-dashboard"])
    today = dt.datetime.now(dt.UTC).date()
    for days_ago in (3, 11, 12, 13, 30):  # the cut-off, 12 days back, splits a week
        make_submission(
            submitted_on=today - dt.timedelta(days=days_ago),
            red_flag_level="emergency",
            answers={
                "safety_now": ["none"],
                "body_regions": ["neck"],
                "mood_low": "often",
            },
        )
    purged = app.test_cli_runner().invoke(args=["purge", "--older-than", "12", "--yes"])
    assert "Deleted 2 submissions" in purged.output
    cutoff = today - dt.timedelta(days=12)
    assert not db.scalar(select(func.count()).where(DayCount.day < cutoff))
    assert not db.scalar(
        select(func.count()).where(WeekCount.week < dashboard.monday(cutoff))
    )
    assert_counts_match(app, db, questionnaire)
    whole = dashboard.build(db, questionnaire, today - dt.timedelta(days=60), today)
    assert whole.total == 3
    assert sum(week.flags["emergency"] for week in whole.weeks) == 3


WRITING = '{label: "Writing", when: {question: task_which, includes: writing}}'
INSTRUMENT = '{label: "Playing an instrument", when:'


def share_of(figures: dashboard.Dashboard, label: str) -> int:
    return next(
        share.count
        for _title, shares in figures.sections
        for share in shares
        if share.label == label
    )


def test_an_edited_indicator_is_counted_over_the_answers_until_counted_again(
    app: Flask,
    db: Session,
    questionnaire: Questionnaire,
    make_submission: SubmissionFactory,
    tmp_path: Path,
) -> None:
    for tasks in (["writing"], ["instrument"], ["writing", "instrument"], ["typing"]):
        make_submission(
            submitted_on=dt.datetime.now(dt.UTC).date(),
            answers={
                "safety_now": ["none"],
                "body_regions": ["neck"],
                "task_which": tasks,
            },
        )
    counted = app.test_cli_runner().invoke(args=["count-dashboard"]).output
    assert (
        f"Counted {len(dashboard_recount.indicator_conditions(questionnaire))} new"
        in (counted)
    )
    # A clinician widens "Writing" to take in instruments, and renames another
    # indicator without changing what it counts.
    text = SHIPPED_QUESTIONS.read_text()
    assert WRITING in text
    assert INSTRUMENT in text
    edited = tmp_path / "questions.yaml"
    edited.write_text(
        text.replace(
            WRITING,
            '{label: "Writing or music", when: {question: task_which,'
            " includes_any: [writing, instrument]}}",
        ).replace(INSTRUMENT, '{label: "Music", when:')
    )
    new_app = make_app(
        DATABASE_URL=app.config["DATABASE_URL"], QUESTIONS_PATH=str(edited)
    )
    new_q: Questionnaire = new_app.extensions["screener.questionnaire"]
    since, until = dashboard.window(None, None, dt.datetime.now(dt.UTC).date(), 12)

    def figures(which: Flask, q: Questionnaire) -> dashboard.Dashboard:
        with which.extensions["screener.db.read"]() as reader:
            return dashboard.build(reader, q, since, until)

    # The changed condition is a new indicator, not counted yet: the dashboard counts
    # it over the answers, so its figure is right at once. The renamed one keeps its
    # counts: a label is not part of what is counted.
    widened = counts_key(new_q, "Writing or music")
    assert widened not in dashboard_counts.counted_keys(db)
    assert share_of(figures(new_app, new_q), "Writing or music") == 3
    assert share_of(figures(new_app, new_q), "Music") == 2
    assert counts_key(new_q, "Music") == counts_key(
        questionnaire, "Playing an instrument"
    )
    # Counting again (after publishing) counts the new condition and forgets the old.
    output = new_app.test_cli_runner().invoke(args=["count-dashboard"]).output
    assert "Counted 1 new indicator over 4 submissions; forgot 1" in output
    keys = dashboard_counts.counted_keys(db)
    assert widened in keys
    assert counts_key(questionnaire, "Writing") not in keys
    make_submission(
        submitted_on=until,
        answers={
            "safety_now": ["none"],
            "body_regions": ["neck"],
            "task_which": ["instrument"],
        },
    )
    assert share_of(figures(new_app, new_q), "Writing or music") == 4
    # An app still on the old questions.yaml (a server not yet restarted) counts its
    # "Writing", no longer counted, over the answers: still right.
    assert share_of(figures(app, questionnaire), "Writing") == 2
    assert shown_figures(figures(new_app, new_q)) == direct_figures(
        db, new_q, since, until
    )


def counts_key(q: Questionnaire, label: str) -> str:
    return next(
        dashboard_counts.indicator_key(indicator.when)
        for block in q.file.dashboard
        for indicator in block.indicators
        if indicator.label == label
    )
