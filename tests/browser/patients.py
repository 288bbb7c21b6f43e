"""Patients in the browser: one who uses the keyboard alone, one who clicks.

Both give the routine answers of `PatientWalk` (an ordinary answer that raises no red
flag, worked out from questions.yaml), so the journeys follow the content as
clinicians change it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.support import Translations
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from screener.languages.choice import LOCALES
from screener.questionnaire import AnswerValue
from screener.questionnaire import Questionnaire
from tests.http_client import HttpClient
from tests.patient_walk import PatientWalk

from .snapshots import REFERENCE

Overrides = Mapping[str, AnswerValue | None]

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {tag: el.tagName, type: el.type || "", name: el.name || "",
          value: el.value || "", checked: !!el.checked,
          text: (el.innerText || "").trim(),
          errorSummary: el.hasAttribute("data-error-summary")};
}"""


class BrowserPatient:
    """Goes through the questionnaire in a browser tab, saving a screenshot of each
    page type when given a folder."""

    def __init__(
        self,
        page: Page,
        q: Questionnaire,
        screenshots: Path | None = None,
        language: str = "en",
    ) -> None:
        self.page = page
        self.q = q
        self.answers = PatientWalk(None, q)
        self.screenshots = screenshots
        #: The interface strings in the language the pages are in, from the same
        #: compiled catalogue the app reads: buttons are found by what they say.
        self.said = interface_strings(language)
        #: The pages seen, in order, by path.
        self.seen: list[str] = []

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def arrived(self, name: str | None = None) -> None:
        """Note the page now shown and keep a picture of it."""
        self.seen.append(self.path)
        if self.screenshots is not None:
            label = name or (self.path.strip("/").replace("/", "-") or "start")
            number = len(self.seen)
            self.page.screenshot(
                path=self.screenshots / f"{number:02d}-{label}.jpg",
                full_page=True,
                type="jpeg",
                quality=80,
            )

    # --- the steps a patient takes; the keyboard patient overrides them --------------

    def press(self, name: str) -> None:
        """Press a button or link by its visible text (its English, said in the
        page's language) and wait for the next page."""
        name = self.said(name)
        control = self.page.get_by_role("button", name=name, exact=True).or_(
            self.page.get_by_role("link", name=name, exact=True)
        )
        with self.page.expect_navigation():
            control.first.click()

    def fill_page(self, data: Mapping[str, Any]) -> None:
        for name, value in data.items():
            if isinstance(value, list):
                for code in value:
                    self.page.locator(f'input[name="{name}"][value="{code}"]').check()
            else:
                field = self.page.locator(f'[name="{name}"]')
                if field.first.get_attribute("type") == "radio":
                    self.page.locator(f'input[name="{name}"][value="{value}"]').check()
                else:
                    field.fill(value)

    # --- whole journeys --------------------------------------------------------------

    def start(self) -> None:
        self.page.goto("/")
        self.arrived("start")
        self.press("Start now")

    def answer_page(self, overrides: Overrides | None = None) -> None:
        page_id = self.path.removeprefix("/questions/")
        self.fill_page(self.answers.form_data(page_id, overrides or {}))
        self.press("Continue")

    def walk_to_check_answers(self, overrides: Overrides | None = None) -> None:
        """Answer each page until "Check your answers", reading any advice page."""
        while self.path != "/check-answers":
            if self.path == "/advice":
                self.arrived("advice")
                self.press("Continue the questionnaire")
                continue
            assert self.path.startswith("/questions/"), f"unexpected page {self.path}"
            self.arrived(f"question-{self.path.rsplit('/', 1)[1]}")
            self.answer_page(overrides)
        self.arrived("check-answers")

    def send(self) -> str:
        """Send the answers; return the reference code the summary shows."""
        self.press("Send to the clinic")
        assert self.path == "/summary"
        self.arrived("summary")
        found = REFERENCE.search(self.page.locator(".panel").inner_text())
        assert found, "the summary shows no reference code"
        return found[0]


class KeyboardPatient(BrowserPatient):
    """Uses Tab to move, Space to tick or choose, arrow keys within a group of
    radios, typing for text and Enter to press: never the mouse."""

    def focused(self) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.page.evaluate(_FOCUSED)
        return found

    def tab(self) -> dict[str, Any]:
        self.page.keyboard.press("Tab")
        focused = self.focused()
        assert focused is not None, f"Tab left the page on {self.path}"
        return focused

    def press(self, name: str) -> None:
        """Tab on to the button or link (unless it has the focus already), then
        Enter."""
        name = self.said(name)
        focused = self.focused()
        for _ in range(300):
            if _is_control(focused, name):
                with self.page.expect_navigation():
                    self.page.keyboard.press("Enter")
                return
            focused = self.tab()
        raise AssertionError(f"no {name!r} reached with Tab on {self.path}")

    def fill_page(self, data: Mapping[str, Any]) -> None:
        """Tab through the form from the top, answering each question on the way."""
        for _ in range(300):
            if _is_control(self.focused(), self.said("Continue")):
                return
            focused = self.tab()
            if focused["name"] in data:
                self._answer(focused, data[focused["name"]])
        raise AssertionError(f"no Continue button reached with Tab on {self.path}")

    def _answer(self, focused: dict[str, Any], wanted: Any) -> None:
        kind = focused["type"]
        if kind == "checkbox":
            if (focused["value"] in wanted) != focused["checked"]:
                self.page.keyboard.press("Space")
        elif kind == "radio":
            # Tab enters a group of radios on its chosen one, or its first; Space
            # chooses, and the arrow keys move the choice along the group.
            self.page.keyboard.press("Space")
            for _ in range(30):
                focused = self.focused() or {}
                if focused.get("value") == wanted:
                    return
                self.page.keyboard.press("ArrowDown")
            raise AssertionError(f"{wanted!r} not found among {focused['name']}")
        else:
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(str(wanted))


def interface_strings(language: str) -> Callable[[str], str]:
    """An interface string (its English msgid) as the app says it in `language`."""
    if language == "en":
        return str
    catalogue = Translations.load(str(LOCALES), [language])
    assert isinstance(catalogue, Translations), f"no compiled catalogue for {language}"
    return catalogue.gettext


def _is_control(focused: dict[str, Any] | None, name: str) -> bool:
    """Whether the focus is on the button or link of that name."""
    if focused is None:
        return False
    return focused["tag"] in ("A", "BUTTON") and focused["text"] == name


def text_of(page: Page) -> str:
    """The page's visible text, with runs of white space made single."""
    return re.sub(r"\s+", " ", page.locator("body").inner_text())


def at_check_answers(
    context: BrowserContext,
    live_url: str,
    q: Questionnaire,
    overrides: Overrides | None = None,
) -> PatientWalk:
    """Answer routinely over HTTP, quickly, then hand the session to the browser.

    For tests of what happens from "Check your answers" on: the answering itself is
    tested page by page in the browser by the journeys above.
    """
    client = HttpClient(live_url)
    walker = PatientWalk(client, q)
    walker.start()
    assert walker.walk(overrides) == "/check-answers"
    context.add_cookies(
        [
            {"name": cookie.name, "value": cookie.value or "", "url": live_url}
            for cookie in client.http.cookies.jar
        ]
    )
    return walker
