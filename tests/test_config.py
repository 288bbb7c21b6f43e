"""Configuration precedence and the refusal to start without a real secret key."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener import create_app
from screener.config import StartupError

from .conftest import DATA
from .conftest import SHIPPED_QUESTIONS
from .conftest import TEST_CLINIC
from .conftest import TEST_SECRET_KEY
from .conftest import app_settings


def production(**overrides: object) -> dict:
    return app_settings(TESTING=False, **overrides)


@pytest.mark.parametrize("key", [None, "", "dev", "changeme", "short-key"])
def test_refuses_to_start_without_a_real_secret_key(key: str | None) -> None:
    with pytest.raises(StartupError, match="SECRET_KEY is missing or too weak"):
        create_app(production(SECRET_KEY=key))


def test_starts_with_a_real_secret_key() -> None:
    app = create_app(production(SECRET_KEY=TEST_SECRET_KEY))
    assert not app.testing
    assert app.config["SESSION_COOKIE_SECURE"]


def test_testing_gets_a_throwaway_key() -> None:
    app = create_app(app_settings(SECRET_KEY=None))
    assert len(app.config["SECRET_KEY"]) == 64


def test_refuses_to_start_on_a_broken_questionnaire() -> None:
    broken = DATA / "bad" / "hidden_red_flag.yaml"
    with pytest.raises(StartupError) as caught:
        create_app(app_settings(QUESTIONS_PATH=str(broken)))
    message = caught.value.format_message()
    assert "The app cannot start on this questions.yaml." in message
    assert f"{broken}, line" in message
    assert "red flag 'neck_turning'" in message


def test_environment_overrides_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SCREENER_SECRET_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("SCREENER_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    monkeypatch.setenv("SCREENER_DRAFT_EXPIRY_HOURS", "6")
    monkeypatch.setenv("SCREENER_SESSION_COOKIE_SECURE", "false")
    for key, value in TEST_CLINIC.items():
        monkeypatch.setenv(f"SCREENER_{key}", value)
    # An empty instance folder: the checkout's own instance/config.py must not count.
    monkeypatch.setattr(
        "flask.Flask.auto_find_instance_path", lambda self: str(tmp_path)
    )
    app = create_app()
    assert app.config["DATABASE_URL"].endswith("env.sqlite3")
    assert app.config["DRAFT_EXPIRY_HOURS"] == 6
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_NAME"] == "screener"  # __Host- needs Secure


def test_the_instance_file_is_read_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        f"SECRET_KEY = {TEST_SECRET_KEY!r}\n"
        "RETENTION_DAYS = 90\n"
        "DRAFT_EXPIRY_HOURS = 12\n"
        + "".join(f"{key} = {value!r}\n" for key, value in TEST_CLINIC.items())
    )
    monkeypatch.setenv("SCREENER_DRAFT_EXPIRY_HOURS", "3")
    monkeypatch.setattr(
        "flask.Flask.auto_find_instance_path", lambda self: str(instance)
    )
    app = create_app()
    assert app.config["RETENTION_DAYS"] == 90
    assert app.config["DRAFT_EXPIRY_HOURS"] == 3
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'screener.sqlite3'}"


def test_questions_are_found_next_to_the_package_whatever_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = app_settings()
    del settings["QUESTIONS_PATH"]
    app = create_app(settings)
    assert Path(app.config["QUESTIONS_PATH"]) == SHIPPED_QUESTIONS


def test_the_clinic_must_be_named_or_the_app_will_not_start() -> None:
    settings = app_settings()
    del settings["CLINIC_NAME"], settings["CLINIC_PHONE"]
    with pytest.raises(StartupError, match="CLINIC_NAME and CLINIC_PHONE must be set"):
        create_app(settings)


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("CLINIC_PHONE", "12345", "CLINIC_PHONE '12345' is not a valid phone number"),
        ("CLINIC_PHONE", "call us", "is not a phone number"),
        ("EMERGENCY_NUMBER", "99", "EMERGENCY_NUMBER '99' is not an emergency number"),
        ("URGENT_HELP_NUMBER", "1", "URGENT_HELP_NUMBER '1' is not a phone number"),
        ("CLINIC_WEBSITE", "clinic.example", "CLINIC_WEBSITE must start with https://"),
        ("CLINIC_READS_WITHIN_WORKING_DAYS", 0, "a whole number from 1 to 60"),
    ],
)
def test_a_wrong_contact_setting_is_named(
    setting: str, value: object, message: str
) -> None:
    with pytest.raises(StartupError, match=message):
        create_app(app_settings(**{setting: value}))


def test_another_countrys_numbers_fill_the_text_and_the_links() -> None:
    app = create_app(
        app_settings(
            PHONE_REGION="US",
            EMERGENCY_NUMBER="911",
            URGENT_HELP_NAME="your local urgent care line",
            URGENT_HELP_NUMBER="211",
            CRISIS_LINE_NAME="the 988 lifeline",
            CRISIS_LINE_NUMBER="988",
            CLINIC_PHONE="(201) 555-0123",
        )
    )
    contacts = app.extensions["screener.contacts"]
    assert contacts.emergency.uri == "tel:911"
    assert contacts.clinic_phone.uri == "tel:+1-201-555-0123"
    q = app.extensions["screener.questionnaire"]
    assert q.file.red_flag_levels["emergency"].action == "Call 911 now."
    page = app.test_client().get("/").get_data(as_text=True)
    assert 'href="tel:911">911</a>' in page
