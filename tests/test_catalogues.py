"""The interface's translations: the committed template holds every string the code and
templates mark (so none was added without `make catalogues-update`), the Spanish
catalogue translates each of them completely and safely, and pages come out in the
language chosen (patients) or always in the clinic's (staff).

The pages need the compiled catalogues (`make catalogues`, which `make test` runs).
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.catalog import Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from screener.web.templating import duration_in_words
from screener.web.templating import long_date
from screener.web.templating import month_year

from .patient_walk import PatientWalk

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "screener" / "locales"
TEMPLATE = LOCALES / "messages.pot"
SPANISH = LOCALES / "es" / "LC_MESSAGES" / "messages.po"
#: A placeholder as gettext and Jinja fill them in: %(name)s, %(num)d.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
#: Wording the patient pages must never use (README: no diagnosis, no "likely").
DIAGNOSTIC = re.compile(
    r"usted tiene|puede tener|probablemente|probable|diagnóstico de|compatible con",
    re.IGNORECASE,
)


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _key(message: Message) -> tuple[str | None, str]:
    singular = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, singular


def _entries(catalog: Catalog) -> dict[tuple[str | None, str], Message]:
    return {_key(message): message for message in catalog if message.id}


def _forms(value: str | tuple[str, ...] | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_the_template_holds_exactly_the_strings_marked_today(tmp_path: Path) -> None:
    """Extracted afresh as `make catalogues-update` does, with the same options."""
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "lazy_gettext",
            "--add-comments=Translators:",
            "--no-location",
            "--sort-output",
            "-o",
            str(fresh),
            str(ROOT),
        ]
    )
    now, committed = _entries(_read(fresh)), _entries(_read(TEMPLATE))
    assert sorted(set(now) - set(committed), key=str) == [], (
        "new interface strings: run `make catalogues-update` and translate them"
    )
    assert sorted(set(committed) - set(now), key=str) == [], (
        "strings no longer used: run `make catalogues-update`"
    )
    changed = [key for key in now if now[key].id != committed[key].id]
    assert changed == [], "plural forms changed: run `make catalogues-update`"


def test_the_spanish_catalogue_translates_every_string_completely() -> None:
    template, spanish = _entries(_read(TEMPLATE)), _entries(_read(SPANISH))
    assert set(spanish) == set(template), "run `make catalogues-update`"
    problems = []
    for key, message in spanish.items():
        wanted = set(PLACEHOLDER.findall(" ".join(_forms(message.id))))
        if message.fuzzy:
            problems.append(f"fuzzy: {key}")
        for form in _forms(message.string):
            if not form.strip():
                problems.append(f"not translated: {key}")
            elif set(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"placeholders differ: {key} -> {form!r}")
            elif "%" in PLACEHOLDER.sub("", form).replace("%%", ""):
                # Every template string is %-formatted (Jinja's newstyle gettext).
                problems.append(f"a lone % (write %%): {key} -> {form!r}")
            elif DIAGNOSTIC.search(form):
                problems.append(f"diagnostic wording: {key} -> {form!r}")
    assert problems == []


def test_the_spanish_catalogue_says_whether_it_was_reviewed() -> None:
    """pybabel drops header lines it does not know; the Makefile keeps this one."""
    header = SPANISH.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert re.search(r'^"X-Review-Status: .+\\n"$', header, re.MULTILINE)
    assert "Review status:" in header
    assert not _read(SPANISH).fuzzy


def _compiled() -> None:
    mo = SPANISH.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < SPANISH.stat().st_mtime:
        pytest.fail("the Spanish catalogue is not compiled: run `make catalogues`")


def test_the_start_page_follows_the_browser_then_the_switch(
    client: FlaskClient,
) -> None:
    _compiled()
    spanish = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}
    page = client.get("/", headers=spanish).get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Empezar ahora" in page
    assert "Ir al contenido principal" in page
    assert "Botones más grandes" in page
    assert "Start now" not in page
    # The switch: each language named in itself; the page's own is not a link.
    assert '<nav class="language-switch" aria-label="Idioma">' in page
    assert (
        '<a class="language-switch__link" href="/?lang=en" lang="en" hreflang="en">'
        "English</a>"
    ) in page
    assert (
        '<span class="language-switch__current" lang="es" aria-current="true">'
        "Español</span>"
    ) in page
    assert 'href="/?lang=es"' not in page.split("</head>", 1)[1]
    # The head points to the page in each language, by absolute address.
    assert (
        '<link rel="alternate" hreflang="en" href="http://localhost/?lang=en">' in page
    )
    assert (
        '<link rel="alternate" hreflang="es" href="http://localhost/?lang=es">' in page
    )

    english = client.get("/?lang=en", headers=spanish).get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "Start now" in english
    assert ">English</span>" in english
    assert ">Español</a>" in english
    kept = client.get("/", headers=spanish).get_data(as_text=True)
    assert '<html lang="en">' in kept, "the choice is kept for the visit"
    assert "Start now" in kept


def test_a_choice_of_spanish_is_kept_too(client: FlaskClient) -> None:
    _compiled()
    client.get("/?lang=es")
    page = client.get("/resume").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Continuar con un código" in page
    assert client.get("/?lang=xx").status_code == 200  # not offered: ignored
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)


def test_error_pages_are_in_the_patients_language(client: FlaskClient) -> None:
    _compiled()
    response = client.get("/no-such-page", headers={"Accept-Language": "es"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<html lang="es">' in page
    assert "No se encuentra la página" in page
    assert "Ir a la página de inicio" in page


def _english_phrases() -> set[str]:
    """The template's words that would show an untranslated string: each run of text
    between placeholders and markup, if long enough not to be a Spanish word too."""
    phrases = set()
    for message in _entries(_read(TEMPLATE)).values():
        for form in _forms(message.id):
            for piece in re.split(r"%\(\w+\)[sd]|<[^>]+>", form):
                if len(piece := piece.strip(" .,:;()")) >= 12:
                    phrases.add(piece)
    return phrases


def test_every_patient_page_in_spanish_is_in_spanish(app: Flask) -> None:
    """The questionnaire walked in Spanish, every branch: no interface string left in
    English (a string not wrapped, or not translated)."""
    _compiled()
    walker = PatientWalk(
        app.test_client(), app.extensions["screener.questionnaire"], expansive=True
    )
    walker.get("/?lang=es")
    pages = {"start": walker.get("/").get_data(as_text=True)}
    walker.start()
    pages["errors"] = walker.post("/questions/safety_check", {}).get_data(as_text=True)
    walker.walk()
    pages["resume code"] = walker.post("/save-for-later").get_data(as_text=True)
    wrong = walker.post("/resume", {"code": "HK4M-7QCX-3W9P"})
    pages["wrong resume code"] = wrong.get_data(as_text=True)
    pages.update({f"question {key}": html for key, html in walker.page_html.items()})
    pages.update({f"advice {n}": html for n, html in enumerate(walker.advice_pages)})
    pages["check answers"] = walker.get("/check-answers").get_data(as_text=True)
    pages["preview"] = walker.get("/summary/preview").get_data(as_text=True)
    walker.post("/submit")
    pages["summary"] = walker.get("/summary").get_data(as_text=True)
    pages["start again"] = walker.get("/start-again").get_data(as_text=True)
    english = _english_phrases()
    left = {
        name: sorted(phrase for phrase in english if phrase in unescape(page))
        for name, page in pages.items()
    }
    assert {name: found for name, found in left.items() if found} == {}
    assert [
        name for name, page in pages.items() if '<html lang="es">' not in page
    ] == []


def test_behind_a_path_prefix_the_switch_keeps_the_prefix(client: FlaskClient) -> None:
    page = client.get(
        "/resume?x=1", environ_overrides={"SCRIPT_NAME": "/screener"}
    ).get_data(as_text=True)
    assert 'href="/screener/resume?x=1&amp;lang=es"' in page


def test_staff_pages_stay_in_the_clinics_language(client: FlaskClient) -> None:
    _compiled()
    client.get("/?lang=es")  # even after a patient's choice in this browser
    spanish = {"Accept-Language": "es"}
    page = client.get("/staff/login?lang=es", headers=spanish).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "This area is for clinic staff only." in page
    assert "Iniciar sesión" not in page
    assert "language-switch" not in page
    assert 'rel="alternate"' not in page


def test_dates_and_durations_are_said_in_the_pages_language(app: Flask) -> None:
    _compiled()
    day = dt.date(2026, 11, 20)
    # Outside a request (and in English): as the clinic writes them.
    assert long_date(day) == "20 November 2026"
    assert month_year(day) == "November 2026"
    assert duration_in_words(365) == "1 year"
    assert duration_in_words(14) == "14 days"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert long_date(day) == "20 November 2026"
        assert month_year(day) == "November 2026"
        assert duration_in_words(1) == "1 day"
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert long_date(day) == "20 de noviembre de 2026"
        assert month_year(day) == "noviembre de 2026"
        assert duration_in_words(730) == "2 años"
        assert duration_in_words(1) == "1 día"
