"""The "Bigger buttons" switch (easier controls): every target 64 px or more, more
space between them, larger answer text, and Continue kept at the bottom of the screen.

The choice lives in the signed session cookie as one boolean, and only while it is on:
nothing about the person, and it ends with the browser session like the rest of the
cookie. The switch is a plain POST form, so it works without JavaScript; app.js sends
the same form in the background so that answers not yet saved stay on the page.

Patient pages only (and the error pages, which share base.html): staff sign-in starts
a fresh session on purpose, which would drop the choice at the moment it is needed.
"""

from __future__ import annotations

from urllib.parse import unquote
from urllib.parse import urlsplit

from flask import abort
from flask import current_app
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from .blueprint import bp

#: The session key: True while easier controls are on, absent otherwise.
EASIER_KEY = "easier_controls"
#: Longer than any address of this app; anything longer is not from our form.
_MAX_RETURN_LENGTH = 2000


def easier_controls_on() -> bool:
    return session.get(EASIER_KEY) is True


@bp.post("/easier-controls")
def easier_controls() -> Response:
    """Turn easier controls on or off, then go back to the page the switch was on.

    The form says which ("on" or "off") rather than "toggle": a shaky double click
    sends the same choice twice instead of undoing it.
    """
    wanted = request.form.get("easier")
    if wanted == "on":
        session[EASIER_KEY] = True
    elif wanted == "off":
        session.pop(EASIER_KEY, None)
    else:
        abort(400)
    return redirect(safe_return_path(request.form.get("next")), 303)


def safe_return_path(value: str | None) -> str:
    """`value` if it is a page of this app that can be opened (GET), else the start
    page: never another site, so the switch cannot be used as an open redirect."""
    fallback = url_for(".start")
    if (
        not value
        or len(value) > _MAX_RETURN_LENGTH
        or not value.startswith("/")
        or value.startswith("//")
        # Browsers read "\" as "/" and drop tabs and line breaks: "/\host" and
        # "/\t/host" would both become "//host".
        or any(ch == "\\" or ch.isspace() or not ch.isprintable() for ch in value)
    ):
        return fallback
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return fallback
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(unquote(parts.path), method="GET")
    except HTTPException:  # no such page, one only to post to, or a redirect
        return fallback
    # The form holds the path within the app; behind a proxy's prefix, add it back.
    return request.script_root + value


def _return_path() -> str:
    """Where the switch on this page should come back to. After a POST (a page shown
    with errors, an error page) the path may not be one to open: the view checks."""
    if request.method == "GET" and request.query_string:
        return request.full_path
    return request.path


@bp.app_context_processor
def _easier_controls_context() -> dict[str, object]:
    # Every page, error pages too: base.html sets the body class and the switch.
    return {
        "easier_controls": easier_controls_on(),
        "easier_controls_return": _return_path(),
    }
