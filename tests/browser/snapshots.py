"""Every kind of page the app shows, fetched once from the running server.

The browser checks (axe, target sizes, reflow, focus) run on each of these. Walking
the questionnaire again in the browser for every check would take minutes; instead
the pages are fetched once, over HTTP from gunicorn, exactly as a browser receives
them, and each test has the browser load them at their own addresses (see `serve`),
with the app's real stylesheet and script.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page
from playwright.sync_api import Route

from screener.questionnaire import Questionnaire
from tests.conftest import STAFF_PASSWORD
from tests.http_client import HttpClient
from tests.http_client import HttpResponse
from tests.patient_walk import PatientWalk
from tests.server import running_gunicorn

REFERENCE = re.compile(r"DYS-[0-9A-Z]{4}-[0-9A-Z]{4}")
#: No process can open a file in a folder that does not exist: an outage.
DEAD_DATABASE = "sqlite:////no-such-folder/screener.sqlite3"


@dataclass(frozen=True)
class Snapshot:
    name: str
    path: str
    status: int
    html: str

    @property
    def for_patients(self) -> bool:
        return not self.path.startswith("/staff/")

    def __str__(self) -> str:
        return self.name


def _snapshot(name: str, path: str, response: HttpResponse) -> Snapshot:
    return Snapshot(name, path, response.status_code, response.get_data(as_text=True))


#: The "Bigger buttons" switch's form (templates/_easier_controls.html).
_SWITCH_FORM = re.compile(r'<form class="controls-switch".*?</form>', re.S)
_HIDDEN_FIELD = re.compile(r'name="(\w+)" value="([^"]*)"')


def press_easier_controls(client: HttpClient) -> None:
    """Turn easier controls on as the start page's switch does: its form, as sent."""
    form = _SWITCH_FORM.search(client.get("/").get_data(as_text=True))
    assert form, "the start page has no switch"
    fields = dict(_HIDDEN_FIELD.findall(form[0]))
    assert fields["easier"] == "on", "easier controls are on already"
    pressed = client.post("/easier-controls", fields)
    assert (pressed.status_code, pressed.headers["Location"]) == (303, "/")


def patient_pages(
    url: str, q: Questionnaire, easier_controls: bool = False, language: str = "en"
) -> tuple[list[Snapshot], str]:
    """Every patient page, walked so as to open every branch and raise red flags,
    with easier controls on when asked (switched on first, on the start page), in
    the language asked for (chosen first, with the switch's link).

    Returns the pages and the reference code of the submission the walk made.
    """
    client = HttpClient(url)
    if language != "en":
        chosen = client.get(f"/?lang={language}").get_data(as_text=True)
        assert f'<html lang="{language}">' in chosen
    if easier_controls:
        press_easier_controls(client)
    walker = PatientWalk(client, q, expansive=True)
    pages = [_snapshot("start", "/", walker.get("/"))]
    walker.start()
    first = q.pages[0].id
    failed = walker.post(f"/questions/{first}", {})
    walker.walk()
    pages += [
        Snapshot(f"question {page_id}", f"/questions/{page_id}", 200, html)
        for page_id, html in walker.page_html.items()
    ]
    pages.append(_snapshot("errors on a question page", f"/questions/{first}", failed))
    pages += [
        Snapshot(f"advice {n + 1}", "/advice", 200, html)
        for n, html in enumerate(walker.advice_pages)
    ]
    pages.append(
        _snapshot("check answers", "/check-answers", walker.get("/check-answers"))
    )
    pages.append(
        _snapshot("summary preview", "/summary/preview", walker.get("/summary/preview"))
    )
    walker.post("/submit")
    summary = walker.get("/summary")
    pages.append(_snapshot("summary", "/summary", summary))
    pages.append(_snapshot("start again", "/start-again", walker.get("/start-again")))
    pages.append(_snapshot("not found", "/no-such-page", walker.get("/no-such-page")))
    found = REFERENCE.search(summary.get_data(as_text=True))
    assert found, "the summary shows no reference code"
    return pages, found[0]


def error_pages(url: str, easier_controls: bool = False) -> list[Snapshot]:
    """What a patient sees when a form is stale and when the database is down."""
    stale = HttpClient(url)
    if easier_controls:
        press_easier_controls(stale)
    stale.get("/")
    stale.token = "not-a-valid-token"
    pages = [_snapshot("form expired", "/start", stale.post("/start"))]
    with running_gunicorn(
        "screener:create_app()",
        1,
        ready_path="/",
        SCREENER_DATABASE_URL=DEAD_DATABASE,
        SCREENER_SESSION_COOKIE_SECURE="false",
    ) as down:
        patient = HttpClient(down.url)
        if easier_controls:  # the switch needs no database
            press_easier_controls(patient)
        patient.get("/")
        pages.append(_snapshot("service unavailable", "/start", patient.post("/start")))
    assert [page.status for page in pages] == [400, 503]
    return pages


def staff_pages(url: str, username: str, reference: str) -> list[Snapshot]:
    """Every staff page, seen by an admin (who sees all of them)."""
    staff = HttpClient(url)
    pages = [_snapshot("staff login", "/staff/login", staff.get("/staff/login"))]
    failed = staff.post("/staff/login", {"username": username, "password": "wrong"})
    pages.append(_snapshot("staff login failed", "/staff/login", failed))
    signed_in = staff.post(
        "/staff/login", {"username": username, "password": STAFF_PASSWORD}
    )
    assert signed_in.headers["Location"] == "/staff/"
    for name, path in [
        ("staff queue", "/staff/"),
        ("staff queue, filtered", "/staff/?level=emergency&status=new&order=urgent"),
        ("staff submission", f"/staff/submissions/{reference}"),
        ("staff submission summary", f"/staff/submissions/{reference}/summary"),
        ("staff dashboard", "/staff/dashboard"),
        ("staff account", "/staff/account"),
        ("staff two-factor set-up", "/staff/account/two-factor"),
        ("staff accounts (admin)", "/staff/admin/staff"),
        ("staff audit log (admin)", "/staff/admin/audit"),
    ]:
        response = staff.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        pages.append(_snapshot(name, path, response))
    staff.get("/staff/lookup?reference=DYS-0000-0000")  # not found: back to the queue
    pages.append(
        _snapshot("staff queue, with a message", "/staff/", staff.get("/staff/"))
    )
    return pages


def serve(page: Page, base_url: str, current: Callable[[], Snapshot]) -> None:
    """Answer the page's requests for documents of the app with the current
    snapshot; its stylesheet, script and images still come from the server."""

    def fulfil(route: Route) -> None:
        if route.request.resource_type != "document":
            route.fallback()
            return
        snapshot = current()
        route.fulfill(
            status=snapshot.status,
            content_type="text/html; charset=utf-8",
            body=snapshot.html,
        )

    page.route(f"{base_url}/**", fulfil)
