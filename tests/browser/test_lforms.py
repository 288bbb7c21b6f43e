"""Our FHIR Questionnaire in LHC-Forms, a real FHIR form renderer, in Chromium: the
questionnaire the app serves at /fhir/Questionnaire/<version> is drawn with our
questions, and ticking a body region shows that region's questions and unticking it
hides them again, as in our own pages (plain enableWhen), as does the question asked
once two regions are ticked (the SDC enableWhenExpression, in FHIRPath).

The renderer is LHC-Forms' prebuilt bundle that `make lforms` unpacks into
build/lforms/<version>/ (the version is the Makefile's LFORMS_VERSION). Nothing comes
from a CDN: the page and the bundle are served to the browser from disk by
`page.route` on a made-up origin, and every other request is refused and counted.
Without the bundle this test skips on a developer's machine and fails under CI=true.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import Route
from playwright.sync_api import expect

from screener.questionnaire.model import ChoiceQuestionBase
from tests.components import missing
from tests.server import ROOT

from .conftest import ARTIFACTS
from .conftest import DESKTOP
from .conftest import LiveApp

LFORMS = ROOT / "build" / "lforms"
#: The made-up origin the renderer's page is served from (never looked up: every
#: request to it is answered by `page.route`).
ORIGIN = "http://lforms.test"
#: The order LHC-Forms' README gives: zone.js, the web component, then FHIR support.
SCRIPTS = [
    "webcomponent/assets/lib/zone.min.js",
    "webcomponent/runtime.js",
    "webcomponent/polyfills.js",
    "webcomponent/main.js",
    "fhir/R4/lformsFHIR.min.js",
]
PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms'
    '</title><link rel="stylesheet" href="/webcomponent/styles.css"></head><body>'
    '<div id="form"></div>'
    + "".join(f'<script src="/{script}"></script>' for script in SCRIPTS)
    + "</body></html>"
)
ADD_FORM = """async () => {
  const questionnaire = await (await fetch('/questionnaire.json')).json();
  await LForms.Util.addFormToPage(questionnaire, 'form', {fhirVersion: 'R4'});
}"""


def bundle() -> Path:
    """build/lforms/<version>/, the one `make lforms` unpacked."""
    found = [path for path in LFORMS.glob("*") if path.is_dir()]
    if len(found) > 1:
        pytest.fail(f"more than one LHC-Forms in {LFORMS}: remove the old ones")
    needed = [*SCRIPTS, "webcomponent/styles.css"]
    if not found or not all((found[0] / name).is_file() for name in needed):
        missing(f"LHC-Forms is missing from {LFORMS}: `make lforms` unpacks it")
    return found[0]


class Renderer:
    """A page with LHC-Forms and our questionnaire, and nothing from elsewhere."""

    def __init__(self, page: Page, root: Path, questionnaire: bytes) -> None:
        self.page = page
        self.root = root.resolve()
        self.questionnaire = questionnaire
        #: Requests for anything but the made-up origin: refused, and must be none.
        self.refused: list[str] = []
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.route("**/*", self.serve)

    def serve(self, route: Route) -> None:
        url = route.request.url
        if not url.startswith(f"{ORIGIN}/"):
            self.refused.append(url)
            route.abort()
            return
        path = url.removeprefix(ORIGIN).split("?")[0].split("#")[0]
        if path == "/":
            route.fulfill(body=PAGE, content_type="text/html; charset=utf-8")
            return
        if path == "/questionnaire.json":
            route.fulfill(body=self.questionnaire, content_type="application/fhir+json")
            return
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_file() or not file.is_relative_to(self.root):
            route.fulfill(status=404, body="")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(body=file.read_bytes(), content_type=kind)

    def open(self) -> None:
        self.page.goto(f"{ORIGIN}/")
        self.page.wait_for_function("() => window.LForms && LForms.Util")
        self.page.evaluate(ADD_FORM)


@pytest.fixture
def renderer(browser: Browser, live: LiveApp) -> Iterator[Renderer]:
    root = bundle()
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    # The questionnaire as the running app serves it, to anyone (no sign-in).
    served = context.request.get(
        f"{live.url}/fhir/Questionnaire/{live.questionnaire.version}"
    )
    assert served.status == 200
    assert served.headers["content-type"].startswith("application/fhir+json")
    renderer = Renderer(context.new_page(), root, served.body())
    renderer.open()
    yield renderer
    assert renderer.refused == [], "the form asked for something from elsewhere"
    assert renderer.errors == []
    context.close()


def test_lhc_forms_draws_our_questions(renderer: Renderer, live: LiveApp) -> None:
    q = live.questionnaire
    page = renderer.page
    for question_id in ("safety_now", "who_answering", "age_band", "body_regions"):
        expect(
            page.get_by_text(q.question(question_id).text, exact=True)
        ).to_be_visible()
    regions = q.question("body_regions")
    assert isinstance(regions, ChoiceQuestionBase)
    for choice in q.options(regions):
        expect(region(renderer, live, choice.label)).to_be_visible()
    # Asked only on some paths: not drawn until the answers call for them.
    for question_id in ("neck_direction", "first_region", "device_signs"):
        expect(
            page.get_by_text(q.question(question_id).text, exact=True)
        ).to_be_hidden()


def region(renderer: Renderer, live: LiveApp, label: str) -> Locator:
    question = live.questionnaire.question("body_regions").text
    return renderer.page.get_by_role(
        "checkbox", name=f"Checkbox {label} for {question}", exact=True
    )


def test_ticking_a_region_shows_its_questions_and_unticking_hides_them(
    renderer: Renderer, live: LiveApp
) -> None:
    q = live.questionnaire
    page = renderer.page
    neck = region(renderer, live, "Neck")
    head = page.get_by_text(q.question("neck_direction").text, exact=True)
    shoulder = page.get_by_text(q.question("shoulder_lift").text, exact=True)
    neck_page = page.get_by_text(q.page("neck_module").page.title, exact=True)
    expect(head).to_be_hidden()
    expect(neck_page).to_be_hidden()

    neck.check()
    expect(neck_page).to_be_visible()  # the page: body_regions includes any of two
    expect(head).to_be_visible()  # the question: body_regions includes neck
    expect(shoulder).to_be_hidden()  # same page, for the shoulder only
    ARTIFACTS.mkdir(exist_ok=True)
    head.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lforms-neck-ticked.png"))

    neck.uncheck()
    expect(head).to_be_hidden()
    expect(neck_page).to_be_hidden()


def test_the_fhirpath_condition_follows_the_number_ticked(
    renderer: Renderer, live: LiveApp
) -> None:
    first = renderer.page.get_by_text(
        live.questionnaire.question("first_region").text, exact=True
    )
    region(renderer, live, "Neck").check()
    expect(first).to_be_hidden()  # one region: nothing to ask which came first
    region(renderer, live, "Eyes and eyelids").check()
    expect(first).to_be_visible()  # two: body_regions has at least 2 ticked
    region(renderer, live, "Neck").uncheck()
    expect(first).to_be_hidden()
