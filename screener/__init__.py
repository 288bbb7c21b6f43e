"""The dystonia screener: a self-screening questionnaire that never diagnoses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from .questionnaire import Questionnaire
from .questionnaire import QuestionnaireError
from .questionnaire import WordingRules
from .questionnaire import load_questionnaire
from .web.extensions import CONTACTS
from .web.extensions import QUESTIONNAIRE
from .web.extensions import QUESTIONNAIRES


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app; refuse to start on a weak secret key or broken questions."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    register_config(app, test_config)
    register_proxy(app)
    register_languages(app)
    register_questionnaire(app)
    register_database(app)
    register_security(app)
    register_logging(app)
    register_blueprints(app)
    register_rate_limits(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    from .config import load_config
    from .config import require_secret_key
    from .web.contacts import contacts_from

    load_config(app, test_config)
    require_secret_key(app)
    app.extensions[CONTACTS] = contacts_from(app.config)


def register_proxy(app: Flask) -> None:
    """Trust X-Forwarded-* headers from as many proxies as configured, and no more."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = {
        name: int(app.config[f"PROXY_FIX_{name.upper()}"])
        for name in ("x_for", "x_proto", "x_host", "x_port", "x_prefix")
    }
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **hops)  # type: ignore[method-assign]


def wording_rules(app: Flask) -> WordingRules:
    return WordingRules(
        diagnostic_phrases=tuple(app.config["DIAGNOSTIC_PHRASES"]),
        allowed_phrases=tuple(app.config["ALLOWED_PHRASES"]),
        max_reading_grade=float(app.config["MAX_READING_GRADE"]),
        implied_label_phrases=tuple(app.config["IMPLIED_LABEL_PHRASES"]),
        condition_names=tuple(app.config["CONDITION_NAMES"]),
    )


def register_languages(app: Flask) -> None:
    from .languages import init_app

    init_app(app)


def register_questionnaire(app: Flask) -> None:
    from .config import StartupError

    contacts = app.extensions[CONTACTS]
    try:
        questionnaire = load_questionnaire(
            app.config["QUESTIONS_PATH"], wording_rules(app), contacts.text_settings()
        )
    except QuestionnaireError as error:  # names the file, the item and the problem
        raise StartupError(
            f"The app cannot start on this questions.yaml.\n{error}"
        ) from error
    app.extensions[QUESTIONNAIRE] = questionnaire
    app.extensions[QUESTIONNAIRES] = translations(app, questionnaire)


def translations(app: Flask, english: Questionnaire) -> dict[str, Questionnaire]:
    """The questionnaire in every language offered: as written in the clinic's, and
    from its checked translation in each other one."""
    from .config import StartupError
    from .languages import LANGUAGE_NAMES
    from .questionnaire.translation.loader import load_translation

    offered = list(app.config["LANGUAGES"])
    clinic = app.config["CLINIC_LANGUAGE"]
    unknown = [code for code in [clinic, *offered] if code not in LANGUAGE_NAMES]
    if unknown or clinic not in offered:
        raise StartupError(
            f"LANGUAGES ({offered}) must include CLINIC_LANGUAGE ({clinic!r}), and "
            f"each must be one of {sorted(LANGUAGE_NAMES)}"
        )
    found = {clinic: english}
    for code in offered:
        if code == clinic:
            continue
        try:
            found[code] = load_translation(english, code)
        except QuestionnaireError as error:
            raise StartupError(
                f"The app cannot start on this translation ({LANGUAGE_NAMES[code]}); "
                f"remove {code!r} from LANGUAGES to start without it.\n{error}"
            ) from error
    return found


def register_database(app: Flask) -> None:
    from . import db

    db.init_app(app)


def register_security(app: Flask) -> None:
    from .web.security import register_security as register

    register(app)


def register_logging(app: Flask) -> None:
    from .web.logs import register_logging as register

    register(app)


def register_blueprints(app: Flask) -> None:
    from . import patient
    from . import staff
    from .fhir import views as fhir
    from .web import health

    app.register_blueprint(health.bp)
    app.register_blueprint(fhir.bp)
    app.register_blueprint(patient.bp)
    app.register_blueprint(staff.bp)


def register_rate_limits(app: Flask) -> None:
    # After the blueprints: it wraps the views they marked `rate_limited`.
    from .web.rate_limits import register_rate_limits as register

    register(app)


def register_error_handlers(app: Flask) -> None:
    from .web.errors import register_error_handlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from .web.templating import register_template_helpers as register

    register(app)


def register_commands(app: Flask) -> None:
    # check-questions is not here: it is a `flask.commands` plugin (see pyproject.toml)
    # so that it still runs when the configured file is broken and the app cannot start.
    from .commands import app_commands

    for command in app_commands:
        app.cli.add_command(command)
