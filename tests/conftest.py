"""Fixtures: an app on a real database, its clients, and a simulated patient."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from screener import create_app
from screener.db import create_tables
from screener.questionnaire import Questionnaire
from screener.questionnaire import load_questionnaire

from .patient_walk import PatientWalk

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED_QUESTIONS = ROOT / "questions.yaml"
MINIMAL_QUESTIONS = DATA / "minimal.yaml"
TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"


def app_settings(**overrides: Any) -> dict[str, Any]:
    """Settings for a test app: a fresh in-memory database, or TEST_DATABASE_URL."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATABASE_URL": os.environ.get("TEST_DATABASE_URL", "sqlite://"),
        # CSRF is tested on its own in test_csrf.py, with it switched on.
        "WTF_CSRF_ENABLED": False,
        "QUESTIONS_PATH": str(SHIPPED_QUESTIONS),
    }
    settings.update(overrides)
    return settings


def make_app(**overrides: Any) -> Flask:
    app = create_app(app_settings(**overrides))
    create_tables(app)
    return app


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
    """A database session for checking what the app stored."""
    with app.app_context():
        from screener.db import get_session

        yield get_session()


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
    return pages
