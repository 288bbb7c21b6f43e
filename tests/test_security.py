"""CSRF, the session cookie's contents and flags, headers, and request limits."""

from __future__ import annotations

import base64
import io
import json
import re
import zlib

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .conftest import make_app
from .patient_walk import PatientWalk


@pytest.fixture
def csrf_app() -> Flask:
    return make_app(WTF_CSRF_ENABLED=True)


def csrf_token(client: FlaskClient, url: str = "/") -> str:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def test_a_post_without_the_token_is_refused_kindly(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    response = client.post("/start")
    assert response.status_code == 400
    assert "Your session has ended" in response.get_data(as_text=True)
    assert client.get_cookie("screener") is None or "draft" not in decode_session(
        client
    )


def test_a_post_with_the_token_goes_through(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    response = client.post("/start", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    page = client.get("/questions/safety_check")
    assert page.status_code == 200
    token = csrf_token(client, "/questions/safety_check")
    answer = client.post(
        "/questions/safety_check", data={"csrf_token": token, "safety_now": ["none"]}
    )
    assert answer.status_code == 302


def test_the_token_has_no_time_limit(csrf_app: Flask) -> None:
    # A form left open for hours must still submit: the token lasts the session.
    assert csrf_app.config["WTF_CSRF_TIME_LIMIT"] is None


def decode_session(client: FlaskClient) -> dict:
    """Read the session cookie as anyone holding it could: signed, not secret."""
    cookie = client.get_cookie("screener") or client.get_cookie("__Host-screener")
    assert cookie is not None
    payload = (
        cookie.value.split(".")[1]
        if cookie.value.startswith(".")
        else cookie.value.split(".")[0]
    )
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie.value.startswith("."):
        data = zlib.decompress(data)
    return json.loads(data)


def test_the_session_cookie_holds_no_answers(patient: PatientWalk) -> None:
    patient.start()
    # Bigger buttons on: the cookie then holds that one boolean as well.
    patient.post("/easier-controls", {"easier": "on", "next": "/"})
    patient.complete({"body_regions": ["neck"]})
    contents = decode_session(patient.client)
    assert set(contents) <= {"draft", "easier_controls", "csrf_token", "_flashes"}
    assert contents.get("easier_controls") is True
    flat = json.dumps(contents)
    for value in patient.answers.values():
        for item in value if isinstance(value, list) else [value]:
            assert f'"{item}"' not in flat


def test_the_cookie_is_httponly_lax_and_secure_outside_debug() -> None:
    app = make_app(SESSION_COOKIE_SECURE=None)
    client = app.test_client()
    response = client.post("/start")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-screener=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie
    assert "Expires" not in cookie  # ends with the browser session


EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize("url", ["/", "/no-such-page", "/static/css/app.css"])
def test_security_headers_on_every_response(client: FlaskClient, url: str) -> None:
    with client.get(url) as response:
        headers = response.headers
    for name, value in EXPECTED_HEADERS.items():
        assert headers[name] == value
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_pages_are_not_cached_but_static_files_may_be(client: FlaskClient) -> None:
    assert client.get("/").headers["Cache-Control"] == "no-store"
    with client.get("/static/css/app.css") as stylesheet:
        assert stylesheet.headers.get("Cache-Control") != "no-store"


def test_pages_have_no_inline_script_or_third_party_requests(
    patient: PatientWalk,
) -> None:
    patient.start()
    page = patient.get("/questions/safety_check").get_data(as_text=True)
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/js/app.js" defer>'
    ]
    # Absolute addresses only to this site: the page in each language, for the head's
    # <link rel="alternate"> (base.html), which browsers do not fetch.
    absolute = re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', page)
    assert [url for url in absolute if not url.startswith("http://localhost/")] == []
    assert re.findall(r'<link rel="alternate"[^>]*>', page) == [
        f'<link rel="alternate" hreflang="{code}" href="http://localhost{path}">'
        for code, path in [
            ("en", "/questions/safety_check?lang=en"),
            ("es", "/questions/safety_check?lang=es"),
        ]
    ]
    assert " style=" not in page
    assert "<style" not in page


def test_an_oversized_post_is_refused(patient: PatientWalk) -> None:
    patient.start()
    response = patient.post(
        "/questions/safety_check", {"safety_now": ["none"], "padding": "x" * 100_000}
    )
    assert response.status_code == 413
    assert "Your answer is too long" in response.get_data(as_text=True)


def test_get_only_pages_refuse_other_methods(client: FlaskClient) -> None:
    assert client.delete("/").status_code == 405
    assert client.post("/check-answers").status_code == 405


def test_trusted_hosts_turn_away_any_other_host() -> None:
    app = make_app(TRUSTED_HOSTS=["screener.clinic.example"])
    client = app.test_client()
    assert (
        client.get("/", headers={"Host": "screener.clinic.example"}).status_code == 200
    )
    refused = client.get("/", headers={"Host": "attacker.example"})
    assert refused.status_code == 400
    assert refused.mimetype == "text/plain"
    assert "Something in the request was not right" in refused.get_data(as_text=True)


# Found by an attack: with a valid X-CSRFToken header, these bodies gave 500 on every
# form, anonymous staff sign-in included.
HOSTILE_JSON = ["[1,2,3]", '"x"', '{"username":{"a":1}}', "[" * 5000 + "]" * 5000]


@pytest.mark.parametrize("body", HOSTILE_JSON)
@pytest.mark.parametrize("url", ["/staff/login", "/start"])
def test_a_json_body_is_refused_not_a_500(csrf_app: Flask, url: str, body: str) -> None:
    client = csrf_app.test_client()
    token = csrf_token(client, "/staff/login")
    response = client.post(
        url,
        data=body,
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    assert response.status_code == 415
    assert "This page cannot take what was sent" in response.get_data(as_text=True)


def test_a_field_sent_as_a_file_part_is_refused(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    token = csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login",
        data={
            "csrf_token": token,
            "username": (io.BytesIO(b"reviewer1"), "name.txt"),
            "password": "x",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 415


def test_a_form_post_still_goes_through(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    response = client.post("/start", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
