"""The "Bigger buttons" switch (easier controls): one boolean in the session, the body
class on the next page, back to the same local page, and the patient's answers left
alone. The sizes themselves are measured in the browser (tests/browser)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import Draft
from screener.questionnaire.wording import reading_grade

from .conftest import make_app
from .patient_walk import PatientWalk

SWITCH = "/easier-controls"
BODY_CLASS = '<body class="easier-controls">'


def session_of(client: FlaskClient) -> dict[str, Any]:
    with client.session_transaction() as session:
        return dict(session)


def switch(client: FlaskClient, easier: str, next_path: str | None = "/") -> Any:
    data = {"easier": easier}
    if next_path is not None:
        data["next"] = next_path
    return client.post(SWITCH, data=data)


def switch_form(page: str) -> dict[str, str]:
    """The hidden fields of the first switch form on a page, as a browser sends them."""
    form = re.search(r'<form class="controls-switch".*?</form>', page, re.S)
    assert form, "no switch on the page"
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form[0]))


def test_switching_on_and_off_keeps_one_boolean_in_the_session(
    client: FlaskClient,
) -> None:
    client.get("/")
    before = session_of(client)

    assert switch(client, "on").status_code == 303
    after_on = session_of(client)
    assert after_on == {**before, "easier_controls": True}

    assert switch(client, "off").status_code == 303
    assert session_of(client) == before  # off: the key is gone, nothing else changed


def test_the_body_class_and_the_switch_state_follow_the_choice(
    client: FlaskClient,
) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "easier-controls" not in page.split("<body", 1)[1].split(">", 1)[0]
    assert 'aria-pressed="false">Bigger buttons</button>' in page
    assert switch_form(page)["easier"] == "on"

    switch(client, "on")
    page = client.get("/").get_data(as_text=True)
    assert BODY_CLASS in page
    # Both switches (the header's and the start page's) say it is on.
    assert page.count('aria-pressed="true">Bigger buttons</button>') == 2
    assert switch_form(page)["easier"] == "off"
    assert "Bigger buttons are on." in page
    assert re.search(r'<span data-when-easier="off" hidden>', page)

    switch(client, "off")
    page = client.get("/").get_data(as_text=True)
    assert BODY_CLASS not in page
    assert 'aria-pressed="false">Bigger buttons</button>' in page


def test_the_same_choice_sent_twice_stays_the_same(client: FlaskClient) -> None:
    """A shaky double click sends the form twice: it must not undo itself."""
    switch(client, "on")
    switch(client, "on")
    assert session_of(client)["easier_controls"] is True
    switch(client, "off")
    switch(client, "off")
    assert "easier_controls" not in session_of(client)


def test_every_patient_page_has_the_switch_back_to_itself(
    patient: PatientWalk,
) -> None:
    patient.start()
    patient.walk(stop_after="safety_check")
    location = patient.get("/continue").headers["Location"]
    page = patient.get(location).get_data(as_text=True)
    assert switch_form(page)["next"] == location
    changing = patient.get(location + "?change=1").get_data(as_text=True)
    assert switch_form(changing)["next"] == location + "?change=1"
    missing = patient.get("/no-such-page").get_data(as_text=True)
    assert switch_form(missing)["next"] == "/no-such-page"


def test_the_switch_returns_to_the_same_page_with_the_place_kept(
    patient: PatientWalk, db: Session
) -> None:
    patient.start()
    patient.walk(stop_after="safety_check")
    location = patient.get("/continue").headers["Location"]
    assert location.startswith("/questions/")
    stored = db.scalars(select(Draft)).one()
    answers, expires = dict(stored.answers), stored.expires_at

    page = patient.get(location).get_data(as_text=True)
    response = patient.post(SWITCH, switch_form(page))
    assert response.status_code == 303
    assert response.headers["Location"] == location
    shown = patient.get(location)
    assert shown.status_code == 200
    assert BODY_CLASS in shown.get_data(as_text=True)

    db.expire_all()
    after = db.scalars(select(Draft)).one()
    assert (after.answers, after.expires_at) == (answers, expires)
    assert patient.get("/continue").headers["Location"] == location
    # The patient's own answers are still there, and the walk goes on from here.
    assert patient.walk() == "/check-answers"


def test_the_query_string_is_kept(patient: PatientWalk) -> None:
    patient.start()
    patient.walk(stop_after="safety_check")
    response = switch(patient.client, "on", "/questions/safety_check?change=1")
    assert response.headers["Location"] == "/questions/safety_check?change=1"


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "questions/safety_check",
        "/%2F%2Fevil.example/",
        "/no-such-page",
        "/start",  # a page only to post to: opening it would be a 405
        SWITCH,
        "/" + "x" * 3000,
    ],
)
def test_the_switch_never_leaves_the_site(
    client: FlaskClient, target: str | None
) -> None:
    response = switch(client, "on", target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert session_of(client)["easier_controls"] is True


def test_behind_a_path_prefix_the_return_keeps_the_prefix(client: FlaskClient) -> None:
    response = client.post(
        SWITCH,
        data={"easier": "on", "next": "/check-answers"},
        environ_overrides={"SCRIPT_NAME": "/screener"},
    )
    assert response.headers["Location"] == "/screener/check-answers"


@pytest.mark.parametrize("value", [None, "", "toggle", "ON", "1"])
def test_anything_but_on_or_off_is_refused(
    client: FlaskClient, value: str | None
) -> None:
    client.get("/")
    before = session_of(client)
    data = {"next": "/"} if value is None else {"easier": value, "next": "/"}
    response = client.post(SWITCH, data=data)
    assert response.status_code == 400
    assert session_of(client) == before


def test_a_get_of_the_switch_is_refused_kindly(client: FlaskClient) -> None:
    response = client.get(SWITCH + "?easier=on&next=//evil.example/")
    assert response.status_code == 405
    assert "Location" not in response.headers
    assert "This page cannot be used in that way" in response.get_data(as_text=True)
    assert "easier_controls" not in session_of(client)


def test_the_switch_needs_the_csrf_token() -> None:
    app: Flask = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    fields = switch_form(page)

    refused = client.post(SWITCH, data={**fields, "csrf_token": "not-the-token"})
    assert refused.status_code == 400
    assert "Your session has ended" in refused.get_data(as_text=True)
    missing = {name: value for name, value in fields.items() if name != "csrf_token"}
    assert client.post(SWITCH, data=missing).status_code == 400
    assert "easier_controls" not in session_of(client)

    accepted = client.post(SWITCH, data=fields)
    assert accepted.status_code == 303
    assert session_of(client)["easier_controls"] is True


def test_start_again_keeps_the_choice_and_forgets_the_answers(
    patient: PatientWalk,
) -> None:
    patient.start()
    patient.walk(stop_after="safety_check")
    switch(patient.client, "on")
    patient.post("/start-again")
    assert session_of(patient.client) == {"easier_controls": True}
    assert BODY_CLASS in patient.get("/").get_data(as_text=True)


def test_error_pages_carry_the_switch_and_the_class(client: FlaskClient) -> None:
    switch(client, "on")
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    page = missing.get_data(as_text=True)
    assert BODY_CLASS in page
    assert switch_form(page)["easier"] == "off"


def test_staff_pages_have_no_switch(client: FlaskClient) -> None:
    page = client.get("/staff/login").get_data(as_text=True)
    assert 'class="controls-switch"' not in page


def test_the_wording_is_plain(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    offer = re.search(r'<div class="controls-offer">(.*?)</div>', page, re.S)
    assert offer
    text = re.sub(r"<[^>]+>", " ", offer[1])
    assert "Bigger buttons" in text
    for word in ("dystonia", "tremor", "shake", "condition", "disab"):
        assert word not in text.lower()
    grade = reading_grade(" ".join(text.split()))
    assert grade is not None
    assert grade <= 6
