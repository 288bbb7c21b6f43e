"""Easier controls ("Bigger buttons") in Chromium: pressed with the mouse, with the
keyboard and with JavaScript off; 64 px targets on the live pages; and Continue kept
in sight on long pages at phone sizes, with keyboard focus never under it.

Every page type is measured with easier controls on in test_accessibility.py.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from tests.http_client import HttpClient
from tests.patient_walk import PatientWalk

from . import measure
from .conftest import DESKTOP
from .conftest import LARGE_PHONE
from .conftest import SMALL_PHONE
from .conftest import LiveApp
from .snapshots import press_easier_controls

#: "Tick every part of the body", and the page with the most questions.
BODY_MAP = "about_person_page"
LONGEST = "daily_life_page"
SWITCH = "form.controls-switch button"
#: Functions, not expressions: the pages' CSP allows no eval.
EASIER_ON = "() => document.body.classList.contains('easier-controls')"
EASIER_OFF = "() => !document.body.classList.contains('easier-controls')"
#: The sticky bar that holds Continue on a question page.
BAR = "form > .button-group"

Contexts = Callable[..., BrowserContext]


@pytest.fixture
def contexts(browser: Browser, live: LiveApp) -> Iterator[Contexts]:
    """Make browser profiles of any size (and with JavaScript off, when asked)."""
    made: list[BrowserContext] = []

    def make(viewport: dict[str, int], **options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live.url, viewport=viewport, **options)
        context.set_default_timeout(15_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def open_question_page(
    context: BrowserContext, live: LiveApp, page_id: str, easier: bool = False
) -> Page:
    """Answer routinely over HTTP up to the page, then show it in the browser."""
    client = HttpClient(live.url)
    if easier:
        press_easier_controls(client)
    walker = PatientWalk(client, live.questionnaire)
    walker.start()
    target = f"/questions/{page_id}"
    while (location := walker.get("/continue").headers["Location"]) != target:
        assert location.startswith("/questions/"), f"{page_id} not reached"
        walker.answer(location.removeprefix("/questions/"))
    context.add_cookies(
        [
            {"name": cookie.name, "value": cookie.value or "", "url": live.url}
            for cookie in client.http.cookies.jar
        ]
    )
    page = context.new_page()
    page.goto(target)
    return page


def easier_on(page: Page) -> bool:
    on: bool = page.evaluate("document.body.classList.contains('easier-controls')")
    return on


def pressed(page: Page) -> list[str | None]:
    """aria-pressed of every switch on the page."""
    return [
        button.get_attribute("aria-pressed") for button in page.locator(SWITCH).all()
    ]


def focused_text(page: Page) -> str:
    text: str = page.evaluate("(document.activeElement.innerText || '').trim()")
    return text


def test_the_mouse_switches_in_place_and_keeps_unsaved_answers(
    contexts: Contexts, live: LiveApp
) -> None:
    page = open_question_page(contexts(LARGE_PHONE), live, BODY_MAP)
    neck = page.locator('input[name="body_regions"][value="neck"]')
    neck.check()  # ticked, not yet saved
    assert measure.small_targets(page) == []

    page.get_by_role("button", name="Bigger buttons").first.click()
    page.wait_for_function(EASIER_ON)
    assert pressed(page) == ["true"]
    assert page.url.endswith(f"/questions/{BODY_MAP}")
    assert neck.is_checked(), "the switch lost an answer not yet saved"
    assert measure.small_targets(page, measure.EASIER_TARGET) == []
    assert measure.crowded_targets(page, measure.EASIER_GAP) == []

    # The whole row is the target: a press at its far end, away from the box, ticks.
    row = page.locator(".choices__item", has=page.locator('input[value="shoulder"]'))
    box = row.bounding_box()
    assert box is not None
    row.click(position={"x": box["width"] - 8, "y": box["height"] / 2})
    assert page.locator('input[name="body_regions"][value="shoulder"]').is_checked()

    # The server remembers it: the page comes back with it on.
    page.reload()
    assert easier_on(page)
    page.get_by_role("button", name="Bigger buttons").first.click()
    page.wait_for_function(EASIER_OFF)
    assert pressed(page) == ["false"]
    page.reload()
    assert not easier_on(page)


def test_the_keyboard_switches_it_on_and_off(contexts: Contexts) -> None:
    page = contexts(SMALL_PHONE).new_page()
    page.goto("/")
    assert page.get_by_text("Bigger buttons are off.").is_visible()
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused_text(page) == "Bigger buttons":
            break
    else:
        raise AssertionError("Tab never reached the switch")

    page.keyboard.press("Space")
    page.wait_for_function(EASIER_ON)
    assert pressed(page) == ["true", "true"]  # the header's and the start page's
    assert focused_text(page) == "Bigger buttons", "the focus left the switch"
    assert page.get_by_text("Bigger buttons are on.").is_visible()
    assert not page.get_by_text("Bigger buttons are off.").is_visible()

    # A second press soon after the first (a shaky hand) does not undo it.
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert easier_on(page)
    page.wait_for_timeout(1000)
    page.keyboard.press("Enter")
    page.wait_for_function(EASIER_OFF)
    assert pressed(page) == ["false", "false"]
    assert page.get_by_text("Bigger buttons are off.").is_visible()

    # On again, then on into the questionnaire: the next page has it too.
    page.wait_for_timeout(1000)
    page.keyboard.press("Enter")
    page.wait_for_function(EASIER_ON)
    assert measure.small_targets(page, measure.EASIER_TARGET) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    assert "/questions/" in page.url
    assert easier_on(page)
    assert measure.small_targets(page, measure.EASIER_TARGET) == []


def test_without_javascript_the_switch_posts_and_comes_back(
    contexts: Contexts, live: LiveApp
) -> None:
    context = contexts(SMALL_PHONE, java_script_enabled=False)
    page = open_question_page(context, live, BODY_MAP)
    with page.expect_navigation():
        page.get_by_role("button", name="Bigger buttons").click()
    assert page.url.endswith(f"/questions/{BODY_MAP}")
    assert easier_on(page)
    assert pressed(page) == ["true"]
    assert measure.small_targets(page, measure.EASIER_TARGET) == []

    with page.expect_navigation():
        page.get_by_role("button", name="Bigger buttons").click()
    assert page.url.endswith(f"/questions/{BODY_MAP}")
    assert not easier_on(page)
    assert pressed(page) == ["false"]


def box_of(page: Page, selector: str) -> dict[str, float]:
    box: dict[str, float] = page.evaluate(
        """(selector) => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
        }""",
        selector,
    )
    return box


def continue_in_sight(page: Page, height: int) -> list[str]:
    button = box_of(page, f"{BAR} .button")
    if button["top"] >= 0 and button["bottom"] <= height + 0.5:
        return []
    scrolled = page.evaluate("window.scrollY")
    return [
        f"Continue is at {button['top']:.0f} to {button['bottom']:.0f}, {scrolled=}"
    ]


@pytest.mark.parametrize("page_id", [BODY_MAP, LONGEST])
@pytest.mark.parametrize("size", [SMALL_PHONE, LARGE_PHONE], ids=["320x640", "390x844"])
def test_continue_stays_in_sight_on_a_long_page(
    contexts: Contexts, live: LiveApp, page_id: str, size: dict[str, int]
) -> None:
    page = open_question_page(contexts(size), live, page_id, easier=True)
    height = size["height"]
    total = page.evaluate("document.documentElement.scrollHeight")
    assert total > 3 * height, "not a long page"
    background = page.evaluate(
        f"getComputedStyle(document.querySelector('{BAR}')).backgroundColor"
    )
    assert background.startswith("rgb("), f"the bar is see-through: {background}"

    problems = []
    if size == LARGE_PHONE:  # on the first screen already, before any scrolling
        problems += continue_in_sight(page, height)
    # Wherever the patient is among the questions, Continue is at the bottom.
    page.evaluate("document.querySelector('legend').scrollIntoView({block: 'start'})")
    problems += continue_in_sight(page, height)
    form_end = box_of(page, "form")["bottom"] + page.evaluate("window.scrollY")
    for y in range(0, int(form_end - height), height // 2):
        page.evaluate(f"window.scrollTo(0, {y})")
        if box_of(page, "form")["top"] < height / 2:  # the questions fill the screen
            problems += continue_in_sight(page, height)
    assert problems == []


@pytest.mark.parametrize(
    "size", [SMALL_PHONE, LARGE_PHONE, DESKTOP], ids=["320x640", "390x844", "desktop"]
)
def test_keyboard_focus_never_hides_under_the_continue_bar(
    contexts: Contexts, live: LiveApp, size: dict[str, int]
) -> None:
    page = open_question_page(contexts(size), live, LONGEST, easier=True)
    page.evaluate("document.body.tabIndex = -1; document.body.focus();")
    hidden = []
    for _ in range(200):
        page.keyboard.press("Tab")
        where: dict[str, Any] = page.evaluate(
            """(bar) => {
                const el = document.activeElement;
                const holder = document.querySelector(bar);
                // A radio or checkbox is drawn by its label: that is what must show.
                const shown = el.labels && el.labels.length ? el.labels[0] : el;
                const r = shown.getBoundingClientRect();
                const b = holder.getBoundingClientRect();
                return {name: el.name || el.innerText, inBar: holder.contains(el),
                        top: r.top, bottom: r.bottom, barTop: b.top,
                        height: window.innerHeight};
            }""",
            BAR,
        )
        if where["inBar"]:
            break  # Continue, the last control of the form
        if where["bottom"] > where["barTop"] + 0.5 or where["top"] < 0:
            hidden.append(
                f"{where['name']} at {where['top']:.0f} to {where['bottom']:.0f}, "
                f"the bar from {where['barTop']:.0f}"
            )
    else:
        raise AssertionError("Tab never reached Continue")
    assert hidden == []
