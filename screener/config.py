"""Configuration: defaults here, then instance/config.py, then SCREENER_* variables.

No secret has a default. Outside debug and testing the app refuses to start without a
real SECRET_KEY, because a guessable key lets anyone forge a session cookie.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask

from .questionnaire.wording import DEFAULT_ALLOWED_PHRASES
from .questionnaire.wording import DEFAULT_CONDITION_NAMES
from .questionnaire.wording import DEFAULT_DIAGNOSTIC_PHRASES
from .questionnaire.wording import DEFAULT_IMPLIED_LABEL_PHRASES
from .questionnaire.wording import DEFAULT_MAX_READING_GRADE

#: Values that are known or placeholder keys, never to be accepted.
_PLACEHOLDER_KEYS = {"dev", "changeme", "change-me", "secret", "test", "development"}
_MIN_SECRET_KEY_LENGTH = 32

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    # Default: a SQLite file in instance/; set in `load_config` once the path is known.
    "DATABASE_URL": None,
    # Connections each app process keeps open to a database server (not SQLite).
    "DATABASE_POOL_SIZE": 5,
    "DATABASE_MAX_OVERFLOW": 10,
    # Default: questions.yaml next to the package, never the working directory.
    "QUESTIONS_PATH": str(Path(__file__).resolve().parent.parent / "questions.yaml"),
    "DIAGNOSTIC_PHRASES": list(DEFAULT_DIAGNOSTIC_PHRASES),
    "ALLOWED_PHRASES": list(DEFAULT_ALLOWED_PHRASES),
    "IMPLIED_LABEL_PHRASES": list(DEFAULT_IMPLIED_LABEL_PHRASES),
    "CONDITION_NAMES": list(DEFAULT_CONDITION_NAMES),
    "MAX_READING_GRADE": DEFAULT_MAX_READING_GRADE,
    # Drafts are removed after this long without activity.
    "DRAFT_EXPIRY_HOURS": 24,
    # A patient may ask for a resume code to carry on later on any device; the code,
    # and the answers it finds, last this many days.
    "RESUME_CODE_DAYS": 14,
    # Tries at a resume code per client address (only its keyed hash is kept) and for
    # everyone together, as Flask-Limiter strings. Counts live in this storage, by
    # default each worker's memory (see the README).
    "RESUME_TRIES_PER_CLIENT": "10 per hour",
    "RESUME_TRIES_OVERALL": "300 per hour",
    "RATE_LIMIT_STORAGE_URI": "memory://",
    # How long submissions are kept; shown to patients on the start page.
    "RETENTION_DAYS": 365,
    # A screener answer is a few kilobytes; anything larger is not a real patient.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    # The CSRF token lasts as long as the session, so a form left open for hours still
    # submits: there is no time limit for patients.
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # None means "Secure unless debugging"; set false only for plain-HTTP local serving.
    "SESSION_COOKIE_SECURE": None,
    # The cookie ends with the browser session; its draft expires on its own.
    "SESSION_PERMANENT": False,
    # Behind a reverse proxy: how many proxies set each X-Forwarded-* header (0: none
    # trusted). With HTTPS at the proxy, PROXY_FIX_X_PROTO=1 lets the app know it.
    "PROXY_FIX_X_FOR": 0,
    "PROXY_FIX_X_PROTO": 0,
    "PROXY_FIX_X_HOST": 0,
    "PROXY_FIX_X_PORT": 0,
    "PROXY_FIX_X_PREFIX": 0,
    # Staff sessions end after this long without a request, and this long at most.
    "STAFF_IDLE_MINUTES": 30,
    "STAFF_SESSION_HOURS": 12,
    # This many wrong passwords or codes in a row lock the account for a while.
    "LOGIN_LOCK_AFTER": 10,
    "LOGIN_LOCK_MINUTES": 15,
    # This many wrong authenticator codes, counted across sign-ins and reset only by a
    # right code, lock the account until an admin unlocks it: whoever is guessing
    # already has the password.
    "CODE_LOCK_AFTER": 5,
    # A browser that signed in as someone before may still try while wrong passwords
    # from elsewhere lock the account: this many times, for this many days.
    "TRUSTED_DEVICE_TRIES": 5,
    "TRUSTED_DEVICE_DAYS": 90,
    # Password checks this machine makes for sign-ins, per minute, with this many at
    # once: each costs about 0.2 s of CPU, and a flood must not take it from patients
    # (staff/throttle.py). The bucket's file defaults to one in the temp folder.
    "SIGNIN_CHECKS_PER_MINUTE": 60,
    "SIGNIN_BURST": 10,
    "SIGNIN_BUDGET_FILE": "",
    # Make every staff member set up an authenticator app before anything else.
    "REQUIRE_TWO_FACTOR": False,
    "TOTP_ISSUER": "Dystonia screener",
    # argon2id: argon2-cffi's defaults, above OWASP's minimum (19 MiB, 2 passes).
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_KIB": 64 * 1024,
    "ARGON2_PARALLELISM": 4,
    "QUEUE_PAGE_SIZE": 50,
    # The languages patients may choose (screener/languages): each needs its interface
    # catalogue (screener/locales) and, but for the clinic's own, a translation of the
    # questionnaire (translations/<code>.yaml). Staff pages, and the questionnaire as
    # written, are in the clinic's language.
    "LANGUAGES": ["en", "es"],
    # The base of the URLs our FHIR resources name their codes and questionnaire by
    # (screener/fhir/identity.py): the clinic's own, so no one else's codes clash.
    "FHIR_BASE_URL": "https://screener.example.org/fhir",
    "CLINIC_LANGUAGE": "en",
    # The dashboard's default window, in weeks back from today.
    "DASHBOARD_WEEKS": 12,
    # Who patients are told to contact (contacts.py checks these at start-up). The
    # emergency, urgent and crisis numbers default to the UK's.
    "PHONE_REGION": "GB",
    # Free text (a patient's answers, a staff note) that looks like it holds contact
    # or identity details stops with a warning before it is saved: "warn" lets the
    # person keep it anyway; "refuse" asks them to take it out (screener/identifiers).
    "IDENTIFIER_WARNINGS": "warn",
    "EMERGENCY_NUMBER": "999",
    "URGENT_HELP_NAME": "NHS 111",
    "URGENT_HELP_NUMBER": "111",
    "URGENT_HELP_WEBSITE": "https://111.nhs.uk",
    "CRISIS_LINE_NAME": "Samaritans",
    "CRISIS_LINE_NUMBER": "116 123",
    # The clinic patients are sent to. No default: a screener that names no clinic
    # leaves patients with nobody to call.
    "CLINIC_NAME": None,
    "CLINIC_PHONE": None,
    "CLINIC_HOURS": None,
    "CLINIC_WEBSITE": None,
    # How soon the clinic usually reads answers that were sent; patients are told.
    "CLINIC_READS_WITHIN_WORKING_DAYS": 10,
}


class StartupError(click.ClickException):
    """The app must not start as configured. A ClickException, so `flask` prints the
    message alone, without a stack trace."""


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Fill app.config: defaults, then instance file and environment, or test_config."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("SCREENER")
    else:
        app.config.update(test_config)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = (
            f"sqlite:///{Path(app.instance_path) / 'screener.sqlite3'}"
        )
    _configure_cookie(app)
    if app.config["IDENTIFIER_WARNINGS"] not in ("warn", "refuse"):
        raise StartupError(
            "IDENTIFIER_WARNINGS must be 'warn' (the person may keep the text) or "
            f"'refuse' (they are asked to take it out), not "
            f"{app.config['IDENTIFIER_WARNINGS']!r}"
        )


def _configure_cookie(app: Flask) -> None:
    secure = app.config["SESSION_COOKIE_SECURE"]
    if secure is None:
        secure = not app.debug
    app.config["SESSION_COOKIE_SECURE"] = bool(secure)
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, for
    # this host only, on path /: no subdomain or plain-HTTP page can plant or read it.
    if app.config["SESSION_COOKIE_NAME"] == "session":  # still Flask's default
        app.config["SESSION_COOKIE_NAME"] = "__Host-screener" if secure else "screener"


def require_secret_key(app: Flask) -> None:
    """Refuse to start outside debug and testing without a strong SECRET_KEY."""
    key = app.config.get("SECRET_KEY")
    if app.debug or app.testing:
        if not key:
            # Throwaway key for a debugging or test process; never used in production.
            app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    if (
        not key
        or str(key).lower() in _PLACEHOLDER_KEYS
        or len(str(key)) < _MIN_SECRET_KEY_LENGTH
    ):
        raise StartupError(
            "SECRET_KEY is missing or too weak. Set SCREENER_SECRET_KEY (at least "
            f"{_MIN_SECRET_KEY_LENGTH} random characters) or put SECRET_KEY in "
            f"{Path(app.instance_path) / 'config.py'}; "
            "`make run` writes one there on first run."
        )


def settings_only_app() -> Flask:
    """Return a bare app holding only the configuration (instance file, environment).

    For commands that must work when the full app cannot start, such as checking a
    broken questions.yaml.
    """
    app = Flask("screener", instance_relative_config=True)
    load_config(app, None)
    return app
