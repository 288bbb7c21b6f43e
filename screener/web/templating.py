"""Template helpers: the questionnaire and contacts on every page; dates and durations
in words."""

from __future__ import annotations

import datetime as dt

import flask_babel
from babel import Locale
from babel.dates import format_date
from flask import Flask
from flask import has_app_context

from ..languages.text import ngettext
from ..questionnaire.levels import LABELS
from .extensions import CONTACTS
from .extensions import current_questionnaire

#: The clinic's English, as it writes dates ("20 November 2026", not CLDR's American
#: "November 20, 2026"); every other language has its own way, from CLDR (Spanish:
#: "20 de noviembre de 2026", "noviembre de 2026").
_ENGLISH = {"long": "d MMMM y", "yMMMM": "MMMM y"}


def _locale() -> Locale:
    """This request's locale; English outside the app (a test calling a filter)."""
    found = flask_babel.get_locale() if has_app_context() else None
    return found if isinstance(found, Locale) else Locale("en")


def _date(value: dt.date, kind: str) -> str:
    locale = _locale()
    if locale.language == "en":
        pattern = _ENGLISH[kind]
    elif kind == "long":
        pattern = locale.date_formats["long"].pattern
    else:
        pattern = locale.datetime_skeletons[kind].pattern
    if not has_app_context():
        return format_date(value, pattern, locale=locale)
    return str(flask_babel.format_date(value, pattern))


def long_date(value: dt.date) -> str:
    """Say a date the way people write it: 20 November 2026 (in English)."""
    return _date(value, "long")


def month_year(value: dt.date) -> str:
    """November 2026 (in English)."""
    return _date(value, "yMMMM")


def duration_in_words(days: int) -> str:
    """Say a retention period plainly: 365 -> "1 year", 90 -> "90 days"."""
    if days % 365 == 0:
        return ngettext("%(num)d year", "%(num)d years", days // 365)
    return ngettext("%(num)d day", "%(num)d days", days)


def register_template_helpers(app: Flask) -> None:
    # Drop the lines and indents that block tags leave: a third less to render and send.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.add_template_filter(long_date)
    app.add_template_filter(month_year)
    app.add_template_filter(duration_in_words)

    # A global, not a context value: imported macros (staff/_tags.html) see globals.
    app.jinja_env.globals["level_labels"] = LABELS

    @app.context_processor
    def questionnaire_context() -> dict[str, object]:
        return {
            "questionnaire": current_questionnaire(),
            "contacts": app.extensions[CONTACTS],
        }
