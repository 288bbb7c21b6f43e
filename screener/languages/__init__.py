"""Which language each page is in, and the switch between them.

A patient's language is, in order: the one they chose with the switch (`?lang=es` on
any page, kept in the session as its code alone: nothing about the person), else the
best match for their browser's Accept-Language, else the clinic's language. Staff
pages are always in the clinic's language (`CLINIC_LANGUAGE`), the language the
questionnaire is written in: staff read every submission the same way, whatever
language it was answered in.

Interface strings are translated with Flask-Babel (catalogues in screener/locales,
compiled by the project's set-up); the questionnaire's own text comes from
translations/<code>.yaml beside questions.yaml (questionnaire/translations.py).
"""

from .choice import LANGUAGE_FIELD
from .choice import LANGUAGE_NAMES
from .choice import current_language
from .choice import init_app
from .choice import switch_links

__all__ = [
    "LANGUAGE_FIELD",
    "LANGUAGE_NAMES",
    "current_language",
    "init_app",
    "switch_links",
]
