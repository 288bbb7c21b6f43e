"""Fixtures: an app on a real database, its clients, and a simulated patient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from typing import Protocol

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask.testing import FlaskCliRunner
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from screener import create_app
from screener.db import create_tables
from screener.db import engine_of
from screener.db import make_engine
from screener.db.models import PRIORITY
from screener.db.models import StaffUser
from screener.db.models import Submission
from screener.db.models import SubmissionRegion
from screener.questionnaire import Questionnaire
from screener.questionnaire import load_questionnaire
from screener.questionnaire.translation.loader import translation_path
from screener.staff import accounts as staff_accounts
from screener.staff.passwords import hasher_for
from screener.submissions import dashboard_counts
from screener.submissions import tallies
from screener.submissions.references import new_reference
from screener.triage import distribution

from .databases import ENGINE
from .databases import check_reachable
from .databases import describe
from .databases import drop_created
from .databases import fresh_database_url
from .databases import prepared_database_url
from .databases import release_prepared
from .patient_walk import PatientWalk

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED_QUESTIONS = ROOT / "questions.yaml"
MINIMAL_QUESTIONS = DATA / "minimal.yaml"
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
STAFF_PASSWORD = "correct horse battery staple"
#: The clinic the tests' patients are sent to; the number rings nowhere (Ofcom keeps
#: 020 7946 0xxx for drama).
TEST_CLINIC = {
    "CLINIC_NAME": "Example Neurology Clinic",
    "CLINIC_PHONE": "020 7946 0000",
}


def app_settings(**overrides: Any) -> dict[str, Any]:
    """Settings for a test app on a fresh, empty database (see databases.py)."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATABASE_URL": overrides.pop("DATABASE_URL", None) or fresh_database_url(),
        # CSRF is tested on its own in test_security.py, with it switched on.
        "WTF_CSRF_ENABLED": False,
        "QUESTIONS_PATH": str(SHIPPED_QUESTIONS),
        **TEST_CLINIC,
        # Cheap hashing for tests only: the app refuses these settings outside testing.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 8,
        "ARGON2_PARALLELISM": 1,
        # Tests sign in far more often than any clinic: the budget is tested on its own.
        "SIGNIN_BURST": 1_000_000,
        # Tests try resume codes far more often than any patient: the limits are tested
        # on their own (test_resume.py).
        "RESUME_TRIES_PER_CLIENT": "1000000 per hour",
        "RESUME_TRIES_OVERALL": "1000000 per hour",
    }
    settings.update(overrides)
    if (
        "LANGUAGES" not in overrides
        and not translation_path(settings["QUESTIONS_PATH"], "es").exists()
    ):
        # An edited copy of questions.yaml made by a test has no translation beside
        # it: the app then offers the clinic's language only.
        settings["LANGUAGES"] = ["en"]
    return settings


def make_app(**overrides: Any) -> Flask:
    """An app on a database with its tables: one of its own unless one is given."""
    if "DATABASE_URL" in overrides:
        app = create_app(app_settings(**overrides))
        create_tables(app)
        return app
    return create_app(app_settings(DATABASE_URL=prepared_database_url(), **overrides))


#: Engines made during a test; each is disposed after it, or PostgreSQL runs out
#: of connections.
_ENGINES: list[Engine] = []


@pytest.fixture(autouse=True)
def _dispose_engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def recording(url: str, **options: Any) -> Engine:
        engine = make_engine(url, **options)
        _ENGINES.append(engine)
        return engine

    monkeypatch.setattr("screener.db.make_engine", recording)
    yield
    while _ENGINES:
        _ENGINES.pop().dispose()
    release_prepared()  # its connections are closed: the next test may empty it


def pytest_report_header() -> str:
    return describe()


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """On PostgreSQL, leave out the tests marked one_engine: the content, the checker
    and the safety vignettes behave the same on any engine, and run on SQLite."""
    if ENGINE != "postgresql":
        return
    kept = [item for item in items if item.get_closest_marker("one_engine") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(
            items=[item for item in items if item.get_closest_marker("one_engine")]
        )
        items[:] = kept


def pytest_sessionstart() -> None:
    problem = check_reachable()
    if problem:
        pytest.exit(problem, returncode=1)


def pytest_sessionfinish() -> None:
    drop_created()


@pytest.fixture
def app() -> Flask:
    """The app on the shipped questions.yaml."""
    return make_app()


@pytest.fixture
def minimal_app() -> Flask:
    """The app on tests/data/minimal.yaml, whose small content tests rely on."""
    return make_app(QUESTIONS_PATH=str(MINIMAL_QUESTIONS))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session for the test itself, to arrange and check what the app stored.

    It runs in autocommit: every statement is its own transaction, so it holds no
    lock while the app handles a request and always reads what is there now.
    """
    engine = engine_of(app).execution_options(isolation_level="AUTOCOMMIT")
    # No app context is pushed here: requests made during the test would reuse it,
    # and with it `g`, so they would share one database session, unlike production.
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def reader(app: Flask) -> Iterator[Session]:
    """A session like the app's own, in a transaction, for calling app code directly."""
    with app.extensions["screener.db.read"]() as session:
        yield session


class SubmissionFactory(Protocol):
    def __call__(self, **overrides: Any) -> Submission: ...


@pytest.fixture
def make_submission(db: Session, questionnaire: Questionnaire) -> SubmissionFactory:
    """Return a function that stores a valid submission; keywords override fields."""
    counter = iter(range(1, 1_000_000))

    def make(**overrides: Any) -> Submission:
        level = overrides.pop("red_flag_level", "none")
        regions = overrides.pop("regions", ["neck"])
        fields: dict[str, Any] = {
            "reference": new_reference(),
            "questionnaire_version": questionnaire.version,
            "questionnaire_hash": questionnaire.content_hash,
            "submitted_on": dt.date(2026, 11, 1)
            + dt.timedelta(days=next(counter) % 20),
            "answers": {"safety_now": ["none"], "body_regions": regions},
            "red_flag_level": level,
            "priority": PRIORITY[level],
            "red_flags": [],
            "status": "new",
            "regions": [SubmissionRegion(region=code) for code in regions],
        }
        fields.update(overrides)
        # As submitting does: the staff-only pattern of the regions reported.
        fields.setdefault(
            "distribution", distribution.pattern(questionnaire, fields["answers"])
        )
        submission = Submission(**fields)
        db.add(submission)
        db.flush()
        tallies.record(db, submission)  # as submitting does
        dashboard_counts.record(db, submission)
        db.commit()
        return submission

    return make


@pytest.fixture
def questionnaire(app: Flask) -> Questionnaire:
    q: Questionnaire = app.extensions["screener.questionnaire"]
    return q


@pytest.fixture
def minimal_questionnaire() -> Questionnaire:
    return load_questionnaire(MINIMAL_QUESTIONS)


@pytest.fixture
def patient(client: FlaskClient, questionnaire: Questionnaire) -> PatientWalk:
    """A patient on the shipped questionnaire, giving routine answers unless told."""
    return PatientWalk(client, questionnaire)


@pytest.fixture
def minimal_patient(minimal_app: Flask) -> PatientWalk:
    return PatientWalk(
        minimal_app.test_client(), minimal_app.extensions["screener.questionnaire"]
    )


@pytest.fixture(scope="session")
def every_patient_page() -> dict[str, str]:
    """Walk the shipped questionnaire opening every branch; keep each page's HTML.

    Keys name the page: "start", "question <page id>", "advice <n>", "summary", ...
    """
    app: Flask = make_app()
    walker = PatientWalk(
        app.test_client(), app.extensions["screener.questionnaire"], expansive=True
    )
    pages = {"start": walker.get("/").get_data(as_text=True)}
    walker.start()
    failed = walker.post("/questions/safety_check", {})
    pages["errors on a question page"] = failed.get_data(as_text=True)
    walker.walk()
    pages["resume code"] = walker.post("/save-for-later").get_data(as_text=True)
    pages["resume"] = walker.get("/resume").get_data(as_text=True)
    wrong = walker.post("/resume", {"code": "HK4M-7QCX-3W9P"})
    pages["wrong resume code"] = wrong.get_data(as_text=True)
    pages.update(
        {f"question {page_id}": text for page_id, text in walker.page_html.items()}
    )
    pages.update({f"advice {n}": text for n, text in enumerate(walker.advice_pages)})
    pages["check answers"] = walker.get("/check-answers").get_data(as_text=True)
    pages["preview"] = walker.get("/summary/preview").get_data(as_text=True)
    walker.post("/submit")
    pages["summary"] = walker.get("/summary").get_data(as_text=True)
    pages["start again"] = walker.get("/start-again").get_data(as_text=True)
    pages["not found"] = walker.get("/no-such-page").get_data(as_text=True)
    engine_of(app).dispose()  # made before the per-test engine tracking starts
    return pages


# --- Staff ----------------------------------------------------------------------------


class StaffFactory(Protocol):
    def __call__(
        self,
        username: str = "reviewer1",
        role: str = "reviewer",
        password: str = STAFF_PASSWORD,
    ) -> StaffUser: ...


@pytest.fixture
def make_staff(app: Flask, db: Session) -> StaffFactory:
    """Return a function that creates a staff account, as the CLI does."""

    def make(
        username: str = "reviewer1",
        role: str = "reviewer",
        password: str = STAFF_PASSWORD,
    ) -> StaffUser:
        staff = staff_accounts.create(
            db, hasher_for(app), username, password, role, "test"
        )
        db.commit()
        return staff

    return make


def session_cookie(client: FlaskClient) -> str:
    """The session cookie's value, under whichever name the settings give it."""
    cookie = client.get_cookie("screener") or client.get_cookie("__Host-screener")
    assert cookie is not None, "no session cookie"
    return cookie.value


def sign_in(
    client: FlaskClient, username: str, password: str = STAFF_PASSWORD
) -> TestResponse:
    return client.post(
        "/staff/login", data={"username": username, "password": password}
    )


@pytest.fixture
def staff_client(app: Flask, make_staff: StaffFactory) -> FlaskClient:
    """A browser signed in as a reviewer."""
    make_staff("reviewer1")
    client = app.test_client()
    assert sign_in(client, "reviewer1").headers["Location"] == "/staff/"
    return client


@pytest.fixture
def admin_client(app: Flask, make_staff: StaffFactory) -> FlaskClient:
    """A browser signed in as an admin."""
    make_staff("admin1", role="admin")
    client = app.test_client()
    assert sign_in(client, "admin1").headers["Location"] == "/staff/"
    return client
