"""Template helpers: the questionnaire and contacts on every page; dates and durations
in words."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from ..questionnaire.levels import LABELS
from .extensions import CONTACTS
from .extensions import QUESTIONNAIRE


def long_date(value: dt.date) -> str:
    """Say a date the way people write it: 20 November 2026."""
    return f"{value.day} {value:%B %Y}"


def month_year(value: dt.date) -> str:
    return f"{value:%B %Y}"


def duration_in_words(days: int) -> str:
    """Say a retention period plainly: 365 -> "1 year", 90 -> "90 days"."""
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


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
            "questionnaire": app.extensions[QUESTIONNAIRE],
            "contacts": app.extensions[CONTACTS],
        }
