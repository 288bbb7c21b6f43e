"""Question pages kept rendered (page_cache.py): every browser still gets its own CSRF
token, its own answers and its own messages."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from screener.page_cache import RenderedPages
from screener.questionnaire import Questionnaire

from .conftest import make_app
from .patient_walk import PatientWalk

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
FIRST_PAGE = "/questions/safety_check"


def token_on(page: str) -> str:
    found = TOKEN.search(page)
    assert found, "no CSRF token on the page"
    return found[1]


def started(app: Flask) -> tuple[FlaskClient, str]:
    """A browser with a draft, and the first question page as it was shown."""
    client = app.test_client()
    start_page = client.get("/").get_data(as_text=True)
    client.post("/start", data={"csrf_token": token_on(start_page)})
    return client, client.get(FIRST_PAGE).get_data(as_text=True)


def test_two_browsers_share_a_rendered_page_each_with_a_token_that_works() -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    pages: RenderedPages = app.extensions["screener.pages"]
    first, first_page = started(app)
    second, second_page = started(app)
    assert len(pages) == 1  # rendered once, shown twice
    assert token_on(first_page) != token_on(second_page)
    assert TOKEN.sub("", first_page) == TOKEN.sub("", second_page)
    # Each token works for its own browser only.
    swapped = second.post(
        FIRST_PAGE,
        data={"csrf_token": token_on(first_page), "safety_now": ["none"]},
    )
    assert swapped.status_code == 400
    for client, page in ((first, first_page), (second, second_page)):
        answer = client.post(
            FIRST_PAGE, data={"csrf_token": token_on(page), "safety_now": ["none"]}
        )
        assert answer.status_code == 302


def test_each_patient_sees_their_own_saved_answers(
    app: Flask, questionnaire: Questionnaire
) -> None:
    walks = [PatientWalk(app.test_client(), questionnaire) for _ in range(2)]
    page = questionnaire.page_of("dominant_hand").id
    for walk, handedness in zip(walks, ("left", "right"), strict=True):
        walk.start()
        walk.walk({"dominant_hand": handedness}, stop_after=page)
    for walk, handedness in zip(walks, ("left", "right"), strict=True):
        shown = walk.get(f"/questions/{page}").get_data(as_text=True)
        assert re.search(
            rf'name="dominant_hand" type="radio" value="{handedness}"\s+checked', shown
        )
        assert len(re.findall(r'name="dominant_hand"[^>]*checked', shown)) == 1


def test_an_answer_that_looks_like_the_token_placeholder_stays_as_typed(
    app: Flask, questionnaire: Questionnaire
) -> None:
    walk = PatientWalk(app.test_client(), questionnaire)
    walk.start()
    page = questionnaire.page_of("occupation").id
    walk.walk({"occupation": "<csrf-token>"}, stop_after=page)
    shown = walk.get(f"/questions/{page}?change=1").get_data(as_text=True)
    assert "&lt;csrf-token&gt;</textarea>" in shown


def test_a_message_for_one_browser_is_shown_once_and_never_kept(app: Flask) -> None:
    client = app.test_client()
    client.post("/start")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "A note for this browser only.")]
    assert "A note for this browser only." in client.get(FIRST_PAGE).get_data(
        as_text=True
    )
    for browser in (client, started(app)[0]):
        page = browser.get(FIRST_PAGE).get_data(as_text=True)
        assert "A note for this browser only." not in page


def test_only_the_most_recent_pages_are_kept(app: Flask) -> None:
    pages = RenderedPages(capacity=2)
    renders: list[str] = []

    def render(key: str) -> str:
        renders.append(key)
        return f"<p>{key}</p>"

    with app.test_request_context():
        for key in ("a", "b", "a", "c", "a", "b"):
            assert (
                pages.page(key, lambda _token, key=key: render(key)) == f"<p>{key}</p>"
            )
    # "a" stays, being used again; "b" makes way for "c" and is rendered again.
    assert renders == ["a", "b", "c", "b"]
    assert len(pages) == 2
