"""Save and come back later: a resume code given on a question or advice page brings
the answers back in another browser; only its keyed hash is stored; it ends with the
draft; look-ups are throttled."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from screener.db.clock import utc_now
from screener.db.models import AuditEvent
from screener.db.models import Draft
from screener.questionnaire import Questionnaire
from screener.questionnaire import WordingRules
from screener.questionnaire.conditions import comparisons
from screener.questionnaire.wording import condition_names_in
from screener.questionnaire.wording import diagnostic_phrases_in
from screener.questionnaire.wording import reading_grade
from screener.submissions import drafts
from screener.submissions import references
from screener.submissions import resume_codes
from screener.web.rate_limits import LIMITER

from .conftest import make_app
from .patient_walk import PatientWalk
from .test_security import decode_session

CODE_ON_PAGE = re.compile(r'<strong aria-hidden="true">([^<]+)</strong>')
NOT_FOUND = "We could not find any answers for that code."
NOT_A_CODE = "That is not a resume code."
#: A code no draft has (the chance that a test's random code is this one: 1 in 5e17).
UNKNOWN_CODE = "HK4M-7QCX-3W9P"


def browser(app: Flask, address: str = "192.0.2.10") -> FlaskClient:
    """Another browser, on another device (its own address)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def answer_pages(patient: PatientWalk, count: int) -> str:
    """Start and answer the first `count` pages; return where the app sends next."""
    patient.start()
    location = patient.get("/continue").headers["Location"]
    for _ in range(count):
        page_id = location.removeprefix("/questions/")
        location = patient.answer(page_id).headers["Location"]
    assert location.startswith("/questions/")
    return location


def code_from(response: TestResponse) -> str:
    assert response.status_code == 200
    found = CODE_ON_PAGE.search(response.get_data(as_text=True))
    assert found, "no code on the page"
    return found[1]


def give_code(patient: PatientWalk) -> str:
    return code_from(patient.post("/save-for-later"))


def try_code(client: FlaskClient, typed: str) -> TestResponse:
    return client.post("/resume", data={"code": typed})


def as_typed(code: str) -> str:
    """How a patient might type it: small letters, spaces for dashes, a U for a V."""
    return "  " + code.lower().replace("-", " ").replace("v", "u") + " "


def draft_row(db: Session) -> Draft:
    db.expire_all()
    rows = list(db.scalars(select(Draft)))
    assert len(rows) == 1
    return rows[0]


def audited(db: Session, action: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- giving a code and using it -------------------------------------------------------


def test_a_code_from_a_question_page_carries_the_answers_to_another_browser(
    app: Flask, patient: PatientWalk, db: Session
) -> None:
    next_page = answer_pages(patient, 2)
    page = patient.get(next_page).get_data(as_text=True)
    assert "Save and come back later" in page
    assert 'formaction="/save-for-later"' in page
    # Codes until one holds a V, typed below as a U; each replaces the one before.
    codes = [give_code(patient)]
    while "V" not in codes[-1] and len(codes) < 80:
        codes.append(give_code(patient))
    code = codes[-1]
    assert "V" in code
    answers = dict(draft_row(db).answers)

    other = browser(app)
    response = try_code(other, as_typed(code))
    assert response.status_code == 302
    assert response.headers["Location"] == "/continue"
    assert other.get("/continue").headers["Location"] == next_page
    assert other.get(next_page).status_code == 200
    assert draft_row(db).answers == answers == patient.answers
    # The browser the code was given in has lost the answers.
    assert patient.get("/continue").headers["Location"] == "/"
    assert len(audited(db, "resume_code_given")) == len(codes)
    assert len(audited(db, "resume_code_used")) == 1
    # An earlier code no longer works; the latest goes on working, anywhere.
    if len(codes) > 1:
        assert NOT_FOUND in try_code(browser(app), codes[0]).get_data(as_text=True)
    third = browser(app, "198.51.100.7")
    assert try_code(third, code).headers["Location"] == "/continue"
    assert third.get("/continue").headers["Location"] == next_page


def test_saving_from_a_page_keeps_that_page_if_it_is_complete(
    patient: PatientWalk, db: Session
) -> None:
    next_page = answer_pages(patient, 2)
    page_id = next_page.removeprefix("/questions/")
    filled = patient.form_data(page_id, {})
    response = patient.post("/save-for-later", {**filled, "later": page_id})

    assert response.status_code == 200
    code_from(response)
    assert draft_row(db).answers == patient.answers  # the page was kept
    assert patient.get("/continue").headers["Location"] != next_page


def test_saving_from_a_half_done_page_keeps_the_rest_and_gives_the_code(
    patient: PatientWalk, db: Session
) -> None:
    next_page = answer_pages(patient, 2)
    before = dict(draft_row(db).answers)
    response = patient.post(
        "/save-for-later", {"later": next_page.removeprefix("/questions/")}
    )
    code_from(response)
    assert draft_row(db).answers == before
    assert patient.get("/continue").headers["Location"] == next_page


def test_a_red_flag_ticked_before_saving_is_advised_first(
    patient: PatientWalk, questionnaire: Questionnaire, db: Session
) -> None:
    """Safety first: the emergency ticked on the page being left is saved and its
    advice shown, before any code; the advice page then offers the code."""
    patient.start()
    first = questionnaire.pages[0].id
    emergency = next(
        flag for flag in questionnaire.file.red_flags if flag.level == "emergency"
    )
    test = next(iter(comparisons(emergency.when)))
    assert questionnaire.page_of(test.question).id == first
    ticked = test.operand if isinstance(test.operand, list) else [test.operand]
    data = patient.form_data(first, {test.question: [str(ticked[0])]})
    response = patient.post("/save-for-later", {**data, "later": first})

    assert response.headers["Location"] == "/advice"
    advice = patient.get("/advice").get_data(as_text=True)
    assert "Save and come back later" in advice
    assert audited(db, "resume_code_given") == []


def test_a_code_from_an_advice_page(
    app: Flask, patient: PatientWalk, db: Session
) -> None:
    patient.start()
    flagged = patient.answer("safety_check", {"safety_now": ["eyes_stuck"]})
    assert flagged.headers["Location"] == "/advice"
    advice = patient.get("/advice").get_data(as_text=True)
    assert "Save and come back later" in advice
    assert "resume code" in advice
    code = give_code(patient)
    other = browser(app)
    assert try_code(other, code).headers["Location"] == "/continue"
    next_page = other.get("/continue").headers["Location"]
    assert next_page.startswith("/questions/")
    assert next_page != "/questions/safety_check"
    assert draft_row(db).answers == patient.answers


def test_the_code_page_says_how_long_and_how_to_use_it(
    app: Flask, patient: PatientWalk
) -> None:
    answer_pages(patient, 1)
    response = patient.post("/save-for-later")
    assert response.headers["Cache-Control"] == "no-store"
    page = html.unescape(response.get_data(as_text=True))
    code = code_from(response)
    assert re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){2}", code)
    assert not references.PATTERN.match(code)
    last_day = (utc_now() + dt.timedelta(days=14)).date()
    assert f"It lasts 14 days. Use it by {last_day.day} {last_day:%B %Y}." in page
    assert "http://localhost/resume" in page
    assert "Anyone who has this code can see the answers" in page
    assert "replaces any code you were given before" in page
    assert code not in response.headers.get("Set-Cookie", "")
    assert code not in str(decode_session(patient.client))


def test_the_start_page_leads_to_resume(client: FlaskClient) -> None:
    page = html.unescape(client.get("/").get_data(as_text=True))
    assert 'href="/resume"' in page
    assert "resume code that lasts 14 days" in page
    form = client.get("/resume").get_data(as_text=True)
    for attribute in (
        'autocomplete="off"',
        'spellcheck="false"',
        'autocapitalize="characters"',
        '<label class="label" for="code">',
    ):
        assert attribute in form


def full_width(text: str) -> str:
    """As some phone keyboards type it: the full-width forms of letters and digits."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def test_codes_are_read_however_they_are_typed() -> None:
    for typed in (
        "7KQ3-M9PV-4HCW",
        "7kq3m9pv4hcw",
        " 7kq3 m9pu 4hcw ",
        "7KQ3–M9PV–4HCW",
        full_width("7KQ3-M9PV-4HCW"),
    ):
        assert resume_codes.normalise(typed) == "7KQ3-M9PV-4HCW", typed
    for wrong in ("", "7KQ3-M9PV", "7KQ3-M9PV-4HCW-2", "7KQ3-M9PO-4HCW", "DYS-7KQ3"):
        assert resume_codes.normalise(wrong) is None, wrong
    assert references.typed_characters(" dys 7kq3-m9px ") == "DYS7KQ3M9PX"


def test_codes_are_long_random_and_never_look_like_a_reference() -> None:
    assert resume_codes.LENGTH == 12
    assert resume_codes.BITS > 58
    made = {resume_codes.new_code() for _ in range(500)}
    assert len(made) == 500
    for code in made:
        assert resume_codes.normalise(code) == code
        assert not code.startswith(references.PREFIX)
        assert not references.PATTERN.match(code)


# --- wrong codes ----------------------------------------------------------------------


def test_a_wrong_code_is_explained_kindly_and_finds_nothing(
    app: Flask, patient: PatientWalk, db: Session
) -> None:
    answer_pages(patient, 1)
    give_code(patient)
    other = browser(app)
    response = try_code(other, UNKNOWN_CODE.lower())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert NOT_FOUND in page
    assert 'class="error-summary"' in page
    assert 'href="#code"' in page
    assert f'value="{UNKNOWN_CODE.lower()}"' in page  # what they typed, kept
    assert other.get("/continue").headers["Location"] == "/"
    wrong = audited(db, "resume_code_wrong")
    assert [(event.actor, event.details) for event in wrong] == [
        ("patient", {"reason": "unknown"})
    ]
    assert (wrong[0].at.minute, wrong[0].at.second, wrong[0].at.microsecond) == (
        0,
        0,
        0,
    )

    garbled = try_code(other, "not a code at all").get_data(as_text=True)
    assert NOT_A_CODE in garbled
    assert 'value="not a code at all"' in garbled
    blank = try_code(other, "   ").get_data(as_text=True)
    assert "Enter the resume code." in blank
    assert len(audited(db, "resume_code_wrong")) == 2  # a blank form is not a try


def test_the_code_is_never_stored_or_logged_in_the_clear(
    app: Flask, patient: PatientWalk, db: Session, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answer_pages(patient, 1)
    code = give_code(patient)
    address = "203.0.113.99"
    assert try_code(browser(app, address), as_typed(code)).status_code == 302
    try_code(browser(app, address), UNKNOWN_CODE)
    forms = {code, code.replace("-", ""), as_typed(code).strip()}

    row = draft_row(db)
    stored = repr([getattr(row, column.key) for column in Draft.__table__.columns])
    secret = app.config["SECRET_KEY"]
    assert row.resume_code_hash == resume_codes.code_hash(secret, code)
    events = repr(
        [(e.actor, e.target, e.details) for e in db.scalars(select(AuditEvent))]
    )
    for text in (stored, events, caplog.text):
        for form in (*forms, address):
            assert form.lower() not in text.lower(), form
    for text in (events, caplog.text):
        assert row.resume_code_hash not in text
    assert caplog.records, "the requests were not logged at all"
    limiter_keys = repr(app.extensions[LIMITER].storage.__dict__)
    assert address not in limiter_keys


# --- how long a code lasts, and what ends it ------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.timedelta], None]:
    """Move the drafts' clock on by the given time."""

    def move_on(by: dt.timedelta) -> None:
        later = utc_now() + by
        monkeypatch.setattr(drafts, "utc_now", lambda: later)

    return move_on


def test_a_code_lasts_to_midnight_after_its_days() -> None:
    given = dt.datetime(2026, 11, 20, 9, 41, 17)
    expires_at = resume_codes.expiry_for(14, given)
    assert expires_at == dt.datetime(2026, 12, 5, 0, 0)
    assert resume_codes.last_day(expires_at) == dt.date(2026, 12, 4)
    at_midnight = resume_codes.expiry_for(14, dt.datetime(2026, 11, 20))
    assert at_midnight == dt.datetime(2026, 12, 4)
    assert resume_codes.last_day(at_midnight) == dt.date(2026, 12, 3)


def test_a_code_outlives_the_day_and_ends_after_its_days(
    app: Flask,
    patient: PatientWalk,
    db: Session,
    clock: Callable[[dt.timedelta], None],
) -> None:
    answer_pages(patient, 1)
    code = give_code(patient)
    expires_at = draft_row(db).expires_at
    assert expires_at >= utc_now() + dt.timedelta(days=14)
    assert expires_at.time() == dt.time(0, 0)  # the day only, never an exact time

    clock(dt.timedelta(hours=25))
    first = browser(app)
    assert try_code(first, code).headers["Location"] == "/continue"
    assert first.get("/continue").headers["Location"].startswith("/questions/")

    clock(dt.timedelta(days=15, hours=1))
    late = browser(app, "198.51.100.8")
    assert NOT_FOUND in try_code(late, code).get_data(as_text=True)
    assert late.get("/continue").headers["Location"] == "/"
    result = app.test_cli_runner().invoke(args=["purge", "--yes"])
    assert result.exit_code == 0, result.output
    assert db.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_draft_without_a_code_still_ends_after_a_day(
    patient: PatientWalk, db: Session, clock: Callable[[dt.timedelta], None]
) -> None:
    answer_pages(patient, 1)
    clock(dt.timedelta(hours=25))
    assert patient.get("/continue").headers["Location"] == "/"
    with Session(db.get_bind()) as session:
        assert drafts.purge_expired_drafts(session) == 1
        session.commit()


def test_sending_ends_the_code(app: Flask, patient: PatientWalk, db: Session) -> None:
    answer_pages(patient, 1)
    code = give_code(patient)
    assert patient.walk() == "/check-answers"
    assert patient.post("/submit").headers["Location"] == "/summary"
    assert db.scalar(select(func.count()).select_from(Draft)) == 0
    assert NOT_FOUND in try_code(browser(app), code).get_data(as_text=True)


def test_starting_again_ends_the_code(
    app: Flask, patient: PatientWalk, db: Session
) -> None:
    answer_pages(patient, 1)
    code = give_code(patient)
    assert patient.post("/start-again").headers["Location"] == "/"
    assert db.scalar(select(func.count()).select_from(Draft)) == 0
    assert NOT_FOUND in try_code(browser(app), code).get_data(as_text=True)


def test_a_browser_that_moves_to_a_code_leaves_no_unreachable_draft(
    app: Flask, patient: PatientWalk, db: Session
) -> None:
    answer_pages(patient, 1)
    code = give_code(patient)
    other = PatientWalk(browser(app), patient.q)
    answer_pages(other, 1)  # a draft of its own, without a code
    assert db.scalar(select(func.count()).select_from(Draft)) == 2
    assert try_code(other.client, code).headers["Location"] == "/continue"
    assert draft_row(db).resume_code_hash is not None  # only the draft with the code


# --- issuing needs POST and the CSRF token --------------------------------------------


def test_giving_a_code_needs_a_post_with_the_csrf_token() -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    start = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', start)[1]  # type: ignore[index]
    assert client.post("/start", data={"csrf_token": token}).status_code == 302
    engine = app.extensions["screener.db"]

    def code_hash() -> str | None:
        with engine() as session:
            return session.scalar(select(Draft.resume_code_hash))

    refused = client.post("/save-for-later")
    assert refused.status_code == 400
    assert CODE_ON_PAGE.search(refused.get_data(as_text=True)) is None
    bookmarked = client.get("/save-for-later")
    assert bookmarked.status_code == 302
    assert bookmarked.headers["Location"] == "/continue"
    assert code_hash() is None
    given = client.post("/save-for-later", data={"csrf_token": token})
    code_from(given)
    assert code_hash() is not None
    assert client.post("/resume", data={"code": UNKNOWN_CODE}).status_code == 400


def test_a_code_page_without_answers_goes_to_the_start(client: FlaskClient) -> None:
    assert client.post("/save-for-later").headers["Location"] == "/"


# --- throttling -----------------------------------------------------------------------


def test_too_many_tries_from_one_client_get_a_kind_429(db: Session) -> None:
    app = make_app(RESUME_TRIES_PER_CLIENT="3 per hour")
    guesser, someone_else = browser(app, "192.0.2.1"), browser(app, "192.0.2.2")
    for _ in range(3):
        assert try_code(guesser, UNKNOWN_CODE).status_code == 200
    for _ in range(3):
        throttled = try_code(guesser, UNKNOWN_CODE)
        assert throttled.status_code == 429
    page = throttled.get_data(as_text=True)
    assert "Too many tries" in page
    assert re.search(r"Please wait \d+ minutes? and try again", page)
    assert int(throttled.headers["Retry-After"]) > 0
    assert try_code(someone_else, UNKNOWN_CODE).status_code == 200
    # Only the look-up is limited: its form, and every other page, still answer.
    assert guesser.get("/resume").status_code == 200
    assert guesser.get("/").status_code == 200
    for _ in range(5):
        assert guesser.post("/start").status_code == 302
    engine = app.extensions["screener.db"]
    with engine() as session:
        noted = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "resume_code_throttled")
        ).all()
    assert [(event.actor, event.details) for event in noted] == [
        ("patient", {"limit": "per_client"})
    ]  # once an hour, not once per request


def test_the_overall_limit_holds_every_client_together() -> None:
    app = make_app(RESUME_TRIES_OVERALL="2 per hour")
    first, second, third = (browser(app, f"192.0.2.{n}") for n in (1, 2, 3))
    assert try_code(first, UNKNOWN_CODE).status_code == 200
    assert try_code(second, UNKNOWN_CODE).status_code == 200
    throttled = try_code(third, UNKNOWN_CODE)
    assert throttled.status_code == 429
    assert "Lots of codes have been tried" in throttled.get_data(as_text=True)
    assert try_code(first, UNKNOWN_CODE).status_code == 429


# --- wording --------------------------------------------------------------------------


def main_text(page: str) -> str:
    main = page[page.index("<main") : page.index("</main>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def test_the_pages_are_plain_and_name_no_condition(patient: PatientWalk) -> None:
    app = make_app(RESUME_TRIES_PER_CLIENT="1 per hour")
    answer_pages(patient, 1)
    limited = browser(app)
    try_code(limited, UNKNOWN_CODE)
    pages = {
        "code": patient.post("/save-for-later").get_data(as_text=True),
        "form": patient.get("/resume").get_data(as_text=True),
        "wrong": try_code(patient.client, UNKNOWN_CODE).get_data(as_text=True),
        "not a code": try_code(patient.client, "xyz").get_data(as_text=True),
        "throttled": try_code(limited, UNKNOWN_CODE).get_data(as_text=True),
    }
    rules = WordingRules()
    for name, page in pages.items():
        text = main_text(page)
        assert diagnostic_phrases_in(text, rules) == [], name
        assert condition_names_in(text, rules) == [], name
        grade = reading_grade(re.sub(r"\s+", " ", text))
        assert grade is not None, name
        assert grade <= 8, (name, grade)
