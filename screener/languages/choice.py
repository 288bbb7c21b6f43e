"""Choosing the language of a request, and the links that switch it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from urllib.parse import urlencode

from flask import Flask
from flask import current_app
from flask import g
from flask import has_request_context
from flask import request
from flask import session
from flask_babel import Babel

#: The query parameter of the switch's links, and the session key keeping the choice.
LANGUAGE_FIELD = "lang"
#: Each language the app can speak, named in itself (as a switch should name it).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}
#: Where the compiled interface catalogues live.
LOCALES = Path(__file__).resolve().parents[1] / "locales"


@dataclass(frozen=True)
class SwitchLink:
    code: str
    name: str
    url: str
    current: bool


def init_app(app: Flask) -> None:
    """Flask-Babel on this app, choosing each request's language here."""
    Babel(
        app,
        locale_selector=current_language,
        default_translation_directories=str(LOCALES),
    )
    app.before_request(_remember_choice)
    app.context_processor(_language_context)


def _offered() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def _remember_choice() -> None:
    """`?lang=es` on any patient page: keep the choice for the rest of the visit."""
    chosen = request.args.get(LANGUAGE_FIELD)
    if chosen in _offered() and not _is_staff_page():
        session[LANGUAGE_FIELD] = chosen


def _is_staff_page() -> bool:
    return request.blueprint == "staff"


def current_language() -> str:
    """This request's language code (see the module's docstring); the clinic's
    outside a request (a command, a test calling a filter)."""
    if not has_request_context():
        return str(current_app.config["CLINIC_LANGUAGE"])
    if "language" in g:
        return str(g.language)
    clinic = str(current_app.config["CLINIC_LANGUAGE"])
    offered = _offered()
    if _is_staff_page():
        chosen = clinic
    elif (kept := session.get(LANGUAGE_FIELD)) in offered:
        chosen = str(kept)
    else:
        chosen = request.accept_languages.best_match(offered) or clinic
    g.language = chosen
    return chosen


def switch_links() -> list[SwitchLink]:
    """A link per language, each to this same page (its query kept) in that one.
    Behind a proxy's path prefix, the prefix is kept (`script_root`)."""
    here = current_language()
    args = request.args.to_dict()
    links = []
    for code in _offered():
        query = urlencode({**args, LANGUAGE_FIELD: code}, safe="", quote_via=quote)
        url = f"{request.script_root}{request.path}?{query}"
        links.append(SwitchLink(code, LANGUAGE_NAMES[code], url, code == here))
    return links


def language_in_words(code: str) -> str:
    """A language's name in this page's language, for staff: "Answered in Spanish"."""
    from .text import gettext

    names = {"en": gettext("English"), "es": gettext("Spanish")}
    return names.get(code, code)


def _language_context() -> dict[str, object]:
    return {
        "current_language": current_language,
        "language_links": switch_links,
        "language_in_words": language_in_words,
        "clinic_language": current_app.config["CLINIC_LANGUAGE"],
    }
