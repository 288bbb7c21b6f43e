"""Save and come back later, in Chromium: a code read off the page in one browser
brings the answers back in another, with JavaScript on and off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from . import measure
from .conftest import DESKTOP
from .conftest import PHONE
from .conftest import LiveApp
from .patients import BrowserPatient
from .patients import text_of


def new_context(
    browser: Browser, live: LiveApp, javascript: bool, size: dict[str, int]
) -> BrowserContext:
    context = browser.new_context(
        base_url=live.url, viewport=size, java_script_enabled=javascript
    )
    context.set_default_timeout(15_000)
    return context


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-script"])
def test_a_code_read_off_the_page_carries_on_in_a_new_browser(
    browser: Browser, live: LiveApp, javascript: bool
) -> None:
    first = new_context(browser, live, javascript, DESKTOP)
    patient = BrowserPatient(first.new_page(), live.questionnaire)
    patient.start()
    patient.answer_page()
    patient.answer_page()
    next_page = patient.path
    assert next_page.startswith("/questions/")
    patient.press("Save and come back later")
    assert patient.path == "/save-for-later"
    assert patient.page.title().startswith("Your resume code")
    code = patient.page.locator(".resume-code strong").inner_text().strip()
    assert len(code) == len("XXXX-XXXX-XXXX")
    assert "Anyone who has this code can see the answers" in text_of(patient.page)
    print_button = patient.page.get_by_role("button", name="Print this page")
    assert print_button.is_visible() == javascript
    # On paper: the code and how to use it, no header, banner or buttons.
    patient.page.emulate_media(media="print")
    assert patient.page.locator(".resume-code").is_visible()
    assert patient.page.get_by_text("How to carry on").is_visible()
    for hidden in (".header", ".emergency-banner", ".footer", ".no-print"):
        assert patient.page.locator(hidden).first.is_hidden(), hidden
    first.close()

    second = new_context(browser, live, javascript, PHONE)
    later = BrowserPatient(second.new_page(), live.questionnaire)
    later.page.goto("/")
    later.press("Carry on with a resume code")
    assert later.path == "/resume"
    later.page.get_by_label("Resume code").fill(code.lower().replace("-", " "))
    later.press("Continue")
    assert later.path == next_page
    # The answers came too: Back shows the page before with its answer chosen.
    later.press("Back")
    assert later.page.locator("input:checked").count() >= 1
    second.close()


def test_a_wrong_code_is_explained_on_the_same_page(
    browser: Browser, live: LiveApp
) -> None:
    context = new_context(browser, live, True, DESKTOP)
    patient = BrowserPatient(context.new_page(), live.questionnaire)
    patient.page.goto("/resume")
    patient.page.get_by_label("Resume code").fill("hk4m 7qcx 3w9p")
    patient.press("Continue")
    assert patient.path == "/resume"
    assert "We could not find any answers for that code" in text_of(patient.page)
    assert patient.page.get_by_label("Resume code").input_value() == "hk4m 7qcx 3w9p"
    focused = patient.page.evaluate(
        "() => document.activeElement.hasAttribute('data-error-summary')"
    )
    assert focused, "the error summary is not focused"
    context.close()


def accessibility_problems(page: Page) -> list[str]:
    """The checks test_accessibility.py runs on every page, on this one as shown."""
    page.emulate_media(color_scheme="light")
    problems = measure.axe_violations(page)
    page.emulate_media(color_scheme="dark")
    problems += measure.axe_violations(page, ["color-contrast", "link-in-text-block"])
    page.emulate_media(color_scheme="light")
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        problems += measure.small_targets(page)
    page.set_viewport_size({"width": 320, "height": 640})
    problems += measure.overflow(page)
    problems += measure.invisible_focus(page)
    page.set_viewport_size(PHONE)
    return problems


def test_the_save_and_resume_pages_pass_the_accessibility_checks(
    browser: Browser, live: LiveApp
) -> None:
    context = new_context(browser, live, True, PHONE)
    patient = BrowserPatient(context.new_page(), live.questionnaire)
    found: dict[str, list[str]] = {}
    patient.start()
    patient.answer_page({"safety_now": ["eyes_stuck"]})
    assert patient.path == "/advice"
    found["advice"] = accessibility_problems(patient.page)
    patient.press("Continue the questionnaire")
    found["question"] = accessibility_problems(patient.page)
    patient.press("Save and come back later")
    found["code"] = accessibility_problems(patient.page)
    patient.page.goto("/resume")
    found["resume"] = accessibility_problems(patient.page)
    patient.page.get_by_label("Resume code").fill("not a code")
    patient.press("Continue")
    found["wrong code"] = accessibility_problems(patient.page)
    assert {name: problems for name, problems in found.items() if problems} == {}
    context.close()
