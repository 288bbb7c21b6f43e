"""Browser tests: Debian's Chromium, driven by Playwright, against the app under
gunicorn on a free loopback port.

Chromium comes from the `chromium` Debian package (`make test` installs it). Without
it these tests skip on a developer's machine and fail under CI=true, where a missing
browser must not pass for a green run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import sync_playwright

from screener.questionnaire import Questionnaire
from screener.questionnaire import load_questionnaire
from tests.conftest import STAFF_PASSWORD
from tests.server import APP_ENVIRONMENT
from tests.server import ROOT
from tests.server import Server
from tests.server import running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
#: The smallest phone screen designed for, and a large one.
SMALL_PHONE = {"width": 320, "height": 640}
LARGE_PHONE = {"width": 390, "height": 844}
#: Screenshots of what patients and staff see, for people to look at (git-ignored).
ARTIFACTS = ROOT / "test-artifacts"
REVIEWER = "browser.reviewer"
ADMIN = "browser.admin"


def require_chromium(path: Path = CHROMIUM) -> None:
    """Skip without the browser on a developer's machine; fail under CI=true."""
    if path.exists():
        return
    message = f"{path} is missing: `make test` installs the chromium package"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class LiveApp:
    """The app as a patient's browser reaches it, with its database file at hand."""

    def __init__(self, server: Server, database_url: str) -> None:
        self.server = server
        self.url = server.url
        self.database_url = database_url
        self.questionnaire: Questionnaire = load_questionnaire(ROOT / "questions.yaml")

    def flask(self, *arguments: str, stdin: str = "") -> str:
        """Run a `flask` command against this app's database, as an operator would."""
        env = {
            **os.environ,
            **APP_ENVIRONMENT,
            "SCREENER_DATABASE_URL": self.database_url,
        }
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "screener", *arguments],
            env=env,
            cwd=ROOT,
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    folder = tmp_path_factory.mktemp("browser")
    database_url = f"sqlite:///{folder / 'screener.sqlite3'}"
    with running_server(database_url, workers=2) as server:
        app = LiveApp(server, database_url)
        password_twice = f"{STAFF_PASSWORD}\n" * 2
        app.flask("create-staff", REVIEWER, stdin=password_twice)
        app.flask("create-staff", ADMIN, "--role", "admin", stdin=password_twice)
        yield app


@pytest.fixture
def context(browser: Browser, live: LiveApp) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: no cookies, desktop size, light theme."""
    context = browser.new_context(base_url=live.url, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
