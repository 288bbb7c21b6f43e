"""Security basics for every response: CSRF on every POST, headers, no caching."""

from __future__ import annotations

from flask import Flask
from flask import Response
from flask import abort
from flask import request
from flask_wtf.csrf import CSRFProtect

#: No inline script or style, nothing from another host, no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

csrf = CSRFProtect()


def register_security(app: Flask) -> None:
    """Check CSRF on every POST and add protective headers to every response."""
    # Before the CSRF check, which would otherwise read a body of any type first.
    app.before_request(_refuse_other_bodies)
    csrf.init_app(app)
    app.before_request(_refuse_nul_in_address)
    app.after_request(_security_headers)


#: What every form here sends: a browser posting one of our pages sends nothing else.
FORM_BODY = "application/x-www-form-urlencoded"


def _refuse_other_bodies() -> None:
    # Flask-WTF reads a JSON body, or a multipart one with its file parts, as form data,
    # and the fields then meet lists, dicts and files they were never meant for (500s
    # found by an attack). No page here takes them, so they are refused at the door.
    if request.content_length == 0:
        return
    has_body = request.content_length is not None or "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    )
    if has_body and request.mimetype != FORM_BODY:
        abort(415)


def _refuse_nul_in_address() -> None:
    # No page takes a NUL byte in its address; PostgreSQL would refuse it in a query
    # with an error, so it is turned away here, once, for every route.
    if "\x00" in request.path or any(
        "\x00" in value for value in request.args.values()
    ):
        abort(400)


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    # Same-origin requests keep their Referer, which Flask-WTF checks on HTTPS posts;
    # nothing about a patient's path leaks to another site.
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = (
        "camera=(), microphone=(), geolocation=(), payment=()"
    )
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.endpoint != "static":
        # Pages carry health answers: no browser or proxy may keep a copy.
        headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response
