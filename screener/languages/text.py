"""Interface strings in Python, translated into the request's language.

Typed front ends to Flask-Babel's functions (which ship no type information). Each
works outside a request too, in English: the strings as written are the clinic's
language. `make catalogues-update` extracts every call to these by name (babel.cfg,
and `-k lazy_gettext` in the Makefile), so the first argument must be a plain
string, with `%(name)s` placeholders filled from the keyword arguments, never an
f-string or text joined together.
"""

from __future__ import annotations

from typing import Any

import flask_babel


def gettext(string: str, /, **variables: Any) -> str:
    """`string` in this request's language, its placeholders filled in."""
    return str(flask_babel.gettext(string, **variables))


def ngettext(singular: str, plural: str, num: int, /, **variables: Any) -> str:
    """The singular or the plural (as the language counts `num`), filled in; the
    placeholder `%(num)d` is the number itself."""
    return str(flask_babel.ngettext(singular, plural, num, **variables))


def lazy_gettext(string: str, /, **variables: Any) -> Any:
    """Like `gettext`, but translated each time it is shown, in that request's
    language: for strings made once, at import (form labels, error pages). Behaves
    like a str in templates and formatting; `str()` it before joining it with
    others."""
    return flask_babel.lazy_gettext(string, **variables)
