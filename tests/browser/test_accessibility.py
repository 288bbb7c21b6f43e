"""Accessibility of every page type, measured in Chromium.

Every check runs over every kind of page the app shows (see snapshots.py) and lists
all the failures it finds, page by page, so one run shows everything to fix.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from . import measure
from .conftest import ADMIN
from .conftest import ARTIFACTS
from .conftest import DESKTOP
from .conftest import LARGE_PHONE
from .conftest import PHONE
from .conftest import SMALL_PHONE
from .conftest import LiveApp
from .snapshots import Snapshot
from .snapshots import error_pages
from .snapshots import patient_pages
from .snapshots import serve
from .snapshots import staff_pages

#: Page types the issue names; each must be among the pages checked.
REQUIRED_PAGE_TYPES = [
    "start",
    "question safety_check",
    "errors on a question page",
    "advice 1",
    "check answers",
    "summary",
    "not found",
    "service unavailable",
    "staff login",
    "staff queue",
    "staff submission",
    "staff dashboard",
]


@pytest.fixture(scope="module")
def pages(live: LiveApp) -> list[Snapshot]:
    patient, reference = patient_pages(live.url, live.questionnaire)
    return patient + error_pages(live.url) + staff_pages(live.url, ADMIN, reference)


@pytest.fixture(scope="module")
def patient_only(pages: list[Snapshot]) -> list[Snapshot]:
    return [page for page in pages if page.for_patients]


#: The two ways a patient's pages can look: as they come, and with "Bigger buttons".
STANDARD = "standard controls"
EASIER = "easier controls"


@pytest.fixture(scope="module")
def easier_pages(live: LiveApp) -> list[Snapshot]:
    """Every patient page (error pages too) with easier controls on: the start page's
    switch is sent before the walk, as its form sends it. Staff pages have no switch.
    (test_easier_controls.py presses it in the browser, with the mouse and the
    keyboard, and with JavaScript off.)"""
    patient, _reference = patient_pages(
        live.url, live.questionnaire, easier_controls=True
    )
    easier = patient + error_pages(live.url, easier_controls=True)
    assert all('<body class="easier-controls">' in page.html for page in easier)
    return easier


#: The patient's pages in Spanish (the questionnaire's translation and the interface
#: catalogue), walked the same way.
SPANISH = "Spanish"


@pytest.fixture(scope="module")
def spanish_pages(live: LiveApp) -> list[Snapshot]:
    patient, _reference = patient_pages(live.url, live.questionnaire, language="es")
    assert all('<html lang="es">' in page.html for page in patient)
    return patient


def pages_with(request: pytest.FixtureRequest, controls: str) -> list[Snapshot]:
    """The pages to check: all of them, the patient's with easier controls on, or
    the patient's in Spanish."""
    name = {EASIER: "easier_pages", SPANISH: "spanish_pages"}.get(controls, "pages")
    found: list[Snapshot] = request.getfixturevalue(name)
    return found


Check = Callable[[Page], list[str]]


def shown(
    context: BrowserContext,
    live: LiveApp,
    pages: list[Snapshot],
    before_loading: Callable[[Page], None] = lambda page: None,
) -> Iterator[tuple[Snapshot, Page]]:
    """Show the pages one after the other in one browser tab, each at its own
    address; yield each page with the tab showing it."""
    tab = context.new_page()
    before_loading(tab)
    showing: list[Snapshot] = []
    serve(tab, live.url, lambda: showing[-1])
    for snapshot in pages:
        showing.append(snapshot)
        tab.goto(live.url + snapshot.path)
        assert f"<title>{tab.title()}</title>" in snapshot.html, "not the snapshot"
        yield snapshot, tab
    tab.close()


def problems_on(
    context: BrowserContext,
    live: LiveApp,
    pages: list[Snapshot],
    check: Check,
    before_loading: Callable[[Page], None] = lambda page: None,
) -> list[str]:
    """Run the check on each page in turn; each problem is prefixed by its page."""
    return [
        f"{snapshot}: {problem}"
        for snapshot, tab in shown(context, live, pages, before_loading)
        for problem in check(tab)
    ]


def expect_none(problems: list[str]) -> None:
    """Fail with every problem on its own line (pytest would shorten a list)."""
    if problems:
        pytest.fail(f"{len(problems)} problems:\n" + "\n".join(problems))


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_screenshot_of_every_page_type(
    context: BrowserContext,
    live: LiveApp,
    pages: list[Snapshot],
    size: dict[str, int],
    request: pytest.FixtureRequest,
) -> None:
    """For people to look at what patients and staff see: in
    test-artifacts/screenshots/every-page/<size>/ (the journeys add their own)."""
    folder = ARTIFACTS / "screenshots" / "every-page" / request.node.callspec.id
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    for snapshot, tab in shown(context, live, pages):
        tab.set_viewport_size(size)
        name = re.sub(r"[^a-z0-9]+", "-", snapshot.name.lower()).strip("-")
        # JPEG: several times quicker to encode than PNG for these long pages.
        tab.screenshot(
            path=folder / f"{name}.jpg", full_page=True, type="jpeg", quality=80
        )
    shots = list(folder.glob("*.jpg"))
    assert len(shots) == len(pages)
    assert all(shot.stat().st_size > 5_000 for shot in shots)


def test_every_page_type_and_every_question_page_is_checked(
    live: LiveApp, pages: list[Snapshot]
) -> None:
    names = {page.name for page in pages}
    question_pages = [f"question {ref.id}" for ref in live.questionnaire.pages]
    assert [name for name in REQUIRED_PAGE_TYPES if name not in names] == []
    assert [name for name in question_pages if name not in names] == []


@pytest.mark.parametrize("controls", [STANDARD, EASIER, SPANISH])
def test_axe_finds_no_wcag_violation_in_either_theme(
    context: BrowserContext,
    live: LiveApp,
    controls: str,
    request: pytest.FixtureRequest,
) -> None:
    def both_themes(page: Page) -> list[str]:
        page.emulate_media(color_scheme="light")
        light = [f"light theme: {v}" for v in measure.axe_violations(page)]
        page.emulate_media(color_scheme="dark")
        # The dark theme changes colours and nothing else, so only the rules about
        # colour can find something new in it.
        colour_rules = ["color-contrast", "link-in-text-block"]
        dark = [f"dark theme: {v}" for v in measure.axe_violations(page, colour_rules)]
        return light + dark

    pages = pages_with(request, controls)
    expect_none(problems_on(context, live, pages, both_themes))


@pytest.mark.parametrize(
    ("controls", "size"),
    [
        pytest.param(STANDARD, PHONE, id="phone"),
        pytest.param(STANDARD, DESKTOP, id="desktop"),
        pytest.param(EASIER, SMALL_PHONE, id="easier-320x640"),
        pytest.param(EASIER, LARGE_PHONE, id="easier-390x844"),
        pytest.param(EASIER, DESKTOP, id="easier-desktop"),
    ],
)
def test_every_control_has_a_big_enough_hit_area(
    context: BrowserContext,
    live: LiveApp,
    controls: str,
    size: dict[str, int],
    request: pytest.FixtureRequest,
) -> None:
    """44 x 44 px for every control (a label counts for its input); with easier
    controls on, 64 x 64 px and 16 px between one and the next."""

    def at_size(page: Page) -> list[str]:
        page.set_viewport_size(size)
        if controls == STANDARD:
            return measure.small_targets(page)
        return measure.small_targets(
            page, measure.EASIER_TARGET
        ) + measure.crowded_targets(page, measure.EASIER_GAP)

    expect_none(problems_on(context, live, pages_with(request, controls), at_size))


@pytest.mark.parametrize("controls", [STANDARD, EASIER, SPANISH])
def test_patient_pages_reflow_at_320_pixels(
    context: BrowserContext,
    live: LiveApp,
    controls: str,
    request: pytest.FixtureRequest,
) -> None:
    def narrow(page: Page) -> list[str]:
        page.set_viewport_size(SMALL_PHONE)
        return measure.overflow(page)

    for_patients = [page for page in pages_with(request, controls) if page.for_patients]
    expect_none(problems_on(context, live, for_patients, narrow))


def test_text_at_200_percent_stays_usable(
    context: BrowserContext, live: LiveApp, pages: list[Snapshot]
) -> None:
    """Text at 200%, set as a person does in the browser's settings (font size 32
    px instead of 16): nothing overflows or is cut off, and every control can still
    be pressed."""

    def zoomed(page: Page) -> list[str]:
        body_text = page.evaluate("getComputedStyle(document.body).fontSize")
        assert body_text == "38px", "the text is not at 200% (19 px normally)"
        return measure.overflow(page) + measure.covered_controls(page)

    def text_at_200_percent(page: Page) -> None:
        measure.set_text_size(page, 2.0)

    expect_none(problems_on(context, live, pages, zoomed, text_at_200_percent))


def test_focus_is_always_visible(
    context: BrowserContext, live: LiveApp, pages: list[Snapshot]
) -> None:
    expect_none(problems_on(context, live, pages, measure.invisible_focus))


def test_dark_theme_is_used_when_the_system_asks_for_it(
    context: BrowserContext, live: LiveApp, pages: list[Snapshot]
) -> None:
    """prefers-color-scheme: dark gives a dark page with light text (axe checks the
    contrast of both themes above)."""

    def colours(page: Page) -> dict[str, str]:
        colours: dict[str, str] = page.evaluate(
            """() => {
                const body = getComputedStyle(document.body);
                const button = document.querySelector(".button");
                return {background: body.backgroundColor, text: body.color,
                        button: button ? getComputedStyle(button).backgroundColor : ""};
            }"""
        )
        return colours

    def turns_dark(page: Page) -> list[str]:
        page.emulate_media(color_scheme="light")
        light = colours(page)
        page.emulate_media(color_scheme="dark")
        dark = colours(page)
        problems = [
            f"the {part} colour stays {light[part]}"
            for part in light
            if light[part] and light[part] == dark[part]
        ]
        if measure.luminance(dark["background"]) > 0.05:
            problems.append(f"the dark background is light: {dark['background']}")
        if measure.luminance(dark["text"]) < 0.5:
            problems.append(f"the dark theme's text is dark: {dark['text']}")
        return problems

    expect_none(problems_on(context, live, pages, turns_dark))


def test_nothing_moves_when_reduced_motion_is_asked_for(
    context: BrowserContext, live: LiveApp, pages: list[Snapshot]
) -> None:
    def still(page: Page) -> list[str]:
        page.emulate_media(reduced_motion="reduce")
        found: list[str] = page.evaluate(
            """() => [...document.querySelectorAll("*")].flatMap((el) => {
                const s = getComputedStyle(el);
                const moving = s.animationName !== "none"
                  || s.transitionDuration.split(",").some((d) => parseFloat(d) > 0)
                  || s.scrollBehavior === "smooth";
                return moving ? [el.tagName.toLowerCase() + "." + el.className] : [];
            })"""
        )
        return [f"{element} moves" for element in found]

    expect_none(problems_on(context, live, pages, still))


def test_no_time_limits_and_no_drag_or_slider_inputs_for_patients(
    context: BrowserContext, live: LiveApp, patient_only: list[Snapshot]
) -> None:
    def free_of_limits(page: Page) -> list[str]:
        found: list[str] = page.evaluate(
            """() => [
                ...document.querySelectorAll('meta[http-equiv="refresh" i]'),
                ...document.querySelectorAll('input[type=range], [draggable=true]'),
                ...document.querySelectorAll('[role=slider], [ondragstart], [ondrop]'),
            ].map((el) => el.outerHTML.slice(0, 80))"""
        )
        return [f"{element} is timed or needs dragging" for element in found]

    expect_none(problems_on(context, live, patient_only, free_of_limits))
