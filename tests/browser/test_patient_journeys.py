"""Patients' journeys in Chromium, against the app under gunicorn."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import Request
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select

from screener.db.models import Submission
from screener.pathway import route as flow
from screener.questionnaire import Answers
from screener.questionnaire import PageRef
from screener.questionnaire import Questionnaire
from screener.questionnaire.conditions import comparisons
from screener.questionnaire.model import SingleChoiceQuestion
from screener.questionnaire.translation.loader import load_translation

from .conftest import ARTIFACTS
from .conftest import DESKTOP
from .conftest import PHONE
from .conftest import LiveApp
from .patients import BrowserPatient
from .patients import KeyboardPatient
from .patients import at_check_answers
from .patients import text_of


def submissions_stored(live: LiveApp, reference: str | None = None) -> int:
    engine = create_engine(live.database_url)
    query = select(func.count()).select_from(Submission)
    if reference is not None:
        query = query.where(Submission.reference == reference)
    with engine.connect() as connection:
        count: int = connection.scalar(query) or 0
    engine.dispose()
    return count


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_whole_screener_with_the_keyboard_alone(
    browser: Browser,
    live: LiveApp,
    size: dict[str, int],
    request: pytest.FixtureRequest,
) -> None:
    """Tab, Space, arrows and Enter only, from the start page to the summary, with a
    screenshot of every page on the way (test-artifacts/screenshots/<size>/)."""
    folder = ARTIFACTS / "screenshots" / request.node.callspec.id
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = browser.new_context(base_url=live.url, viewport=size)
    patient = KeyboardPatient(context.new_page(), live.questionnaire, folder)

    patient.start()
    patient.press("Continue")  # nothing answered yet
    assert (patient.focused() or {}).get("errorSummary"), "error summary not focused"
    patient.arrived("errors")
    patient.walk_to_check_answers()
    reference = patient.send()

    assert submissions_stored(live, reference) == 1
    text = text_of(patient.page)
    recommendation = live.questionnaire.file.recommendation
    assert recommendation.paragraphs[0] in text
    every_page = {f"/questions/{ref.id}" for ref in live.questionnaire.pages}
    assert {"/", "/check-answers", "/summary"} < set(patient.seen)
    assert set(patient.seen) & every_page, "no question page was seen"
    assert len(list(folder.glob("*.jpg"))) == len(patient.seen)
    context.close()


def test_whole_screener_in_spanish_with_the_keyboard_alone(
    browser: Browser, live: LiveApp
) -> None:
    """A browser set to Spanish gets the screener in Spanish (Accept-Language), and
    a patient goes through it with the keyboard alone, as in English; the submission
    records the language."""
    folder = ARTIFACTS / "screenshots" / "spanish"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = browser.new_context(base_url=live.url, viewport=DESKTOP, locale="es-ES")
    spanish = load_translation(live.questionnaire, "es")
    patient = KeyboardPatient(context.new_page(), spanish, folder, language="es")

    patient.start()
    assert patient.page.locator("html").get_attribute("lang") == "es"
    patient.walk_to_check_answers()
    reference = patient.send()

    assert submissions_stored(live, reference) == 1
    text = text_of(patient.page)
    assert spanish.file.recommendation.paragraphs[0] in text
    assert live.questionnaire.file.recommendation.paragraphs[0] not in text
    context.close()


def test_a_red_flag_on_the_safety_page_brings_emergency_advice_at_once(
    page: Page, live: LiveApp
) -> None:
    patient = BrowserPatient(page, live.questionnaire)
    patient.start()
    assert patient.path == f"/questions/{live.questionnaire.pages[0].id}"
    page.get_by_label("Trouble breathing, or noisy or high-pitched breathing").check()
    patient.press("Continue")

    assert patient.path == "/advice"
    assert page.get_by_role("heading", level=1).inner_text() == "Call 999 now."
    text = text_of(page)
    assert "Problems with breathing or swallowing need emergency help" in text
    assert page.title().startswith("Call 999 now.")
    patient.press("Continue the questionnaire")  # the answers are kept meanwhile
    assert patient.path.startswith("/questions/")


def question_nothing_depends_on(
    q: Questionnaire, answers: Answers
) -> tuple[PageRef, SingleChoiceQuestion, str]:
    """An answered single-choice question that no show_if and no red flag reads (so
    changing it opens no page), with another choice to change it to."""
    conditions = [flag.when for flag in q.file.red_flags] + [
        item.show_if
        for ref in q.pages
        for item in (ref.section, ref.page, *ref.page.questions)
        if item.show_if is not None
    ]
    read = {
        test.question for condition in conditions for test in comparisons(condition)
    }
    for ref in q.pages:
        for question in ref.page.questions:
            if (
                isinstance(question, SingleChoiceQuestion)
                and question.id in answers
                and question.id not in read
            ):
                other = [
                    choice.code
                    for choice in q.options(question, answers)
                    if choice.code != answers[question.id]
                ]
                if other:
                    return ref, question, other[0]
    raise AssertionError("no question to change")


def test_back_and_change_from_check_answers(page: Page, live: LiveApp) -> None:
    q = live.questionnaire
    walker = at_check_answers(page.context, live.url, q)
    ref, question, new_code = question_nothing_depends_on(q, walker.answers)
    new_label = next(c.label for c in question.choices if c.code == new_code)
    change = page.locator(f'a[href="/questions/{ref.id}?change=1#{question.id}-input"]')
    patient = BrowserPatient(page, q)

    page.goto("/check-answers")
    with page.expect_navigation():
        change.click()
    assert patient.path == f"/questions/{ref.id}"
    back = page.get_by_role("link", name="Back to check your answers")
    with page.expect_navigation():
        back.click()
    assert patient.path == "/check-answers"
    assert new_label not in text_of(page)

    with page.expect_navigation():
        change.click()
    page.locator(f'input[name="{question.id}"][value="{new_code}"]').check()
    patient.press("Continue")
    assert patient.path == "/check-answers", "a change should lead straight back"
    row = page.locator(".summary-list__row", has=change)
    assert new_label in row.inner_text()

    # Back from a page that is not being changed goes to the page before it.
    second = q.pages[1].id
    page.goto(f"/questions/{second}")
    with page.expect_navigation():
        page.get_by_role("link", name="Back").click()
    assert patient.path == f"/questions/{q.pages[0].id}"


@pytest.fixture
def no_javascript(browser: Browser, live: LiveApp) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live.url, viewport=DESKTOP, java_script_enabled=False
    )
    yield context
    context.close()


def test_whole_screener_without_javascript(
    no_javascript: BrowserContext, live: LiveApp
) -> None:
    page = no_javascript.new_page()
    patient = BrowserPatient(page, live.questionnaire)
    patient.start()
    patient.press("Continue")  # nothing answered: the errors show without script
    assert page.locator("[data-error-summary]").is_visible()
    patient.walk_to_check_answers()
    reference = patient.send()

    assert submissions_stored(live, reference) == 1
    assert page.locator("[data-print]").is_hidden(), "a print button that cannot work"


def posts_sent(page: Page, live: LiveApp) -> list[str]:
    """A list that fills with the path of each POST the page sends from now on."""
    posts: list[str] = []

    def record(request: Request) -> None:
        if request.method == "POST":
            posts.append(request.url.removeprefix(live.url))

    page.on("request", record)
    return posts


def test_a_double_click_sends_once(page: Page, live: LiveApp) -> None:
    at_check_answers(page.context, live.url, live.questionnaire)
    posts = posts_sent(page, live)
    before = submissions_stored(live)

    page.goto("/check-answers")
    with page.expect_navigation(url="**/summary"):
        page.get_by_role("button", name="Send to the clinic").dblclick()

    assert posts == ["/submit"]
    assert submissions_stored(live) == before + 1


def test_continue_double_clicked_saves_once_and_moves_one_page(
    page: Page, live: LiveApp
) -> None:
    patient = BrowserPatient(page, live.questionnaire)
    patient.start()
    first = patient.path
    patient.fill_page(patient.answers.form_data(first.rsplit("/", 1)[1], {}))
    posts = posts_sent(page, live)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").dblclick()

    assert posts == [first]
    assert patient.path == f"/questions/{live.questionnaire.pages[1].id}"


def test_no_time_limit_while_a_page_is_open(page: Page, live: LiveApp) -> None:
    """Four hours on one page (the browser's clock run forward, every timer firing):
    nothing moves, nothing expires, and Continue still works."""
    page.clock.install()
    patient = BrowserPatient(page, live.questionnaire)
    patient.start()
    first = patient.path
    patient.fill_page(patient.answers.form_data(first.rsplit("/", 1)[1], {}))
    text = text_of(page)

    page.clock.run_for("04:00:00")

    assert patient.path == first
    assert text_of(page) == text
    patient.press("Continue")
    assert patient.path == f"/questions/{live.questionnaire.pages[1].id}"


def test_progress_is_announced_in_words(page: Page, live: LiveApp) -> None:
    patient = BrowserPatient(page, live.questionnaire)
    patient.start()
    # Sections the patient's answers so far will show: none answered yet.
    route = flow.Route(live.questionnaire, {})
    sections = len({ref.section.id for ref in route.pages})
    progress = f"Section 1 of {sections}"
    # The title is announced first on a new page; the caption is read in the page.
    assert progress in page.title()
    assert progress in page.locator("main").aria_snapshot()
    assert page.locator("progress, [role=progressbar]").count() == 0
