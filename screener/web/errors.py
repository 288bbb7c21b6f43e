"""Friendly error pages: plain words, a way forward, never a stack trace."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask import Response
from flask import current_app
from flask import render_template
from flask import request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.exc import InterfaceError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from ..languages.text import lazy_gettext


@dataclass(frozen=True)
class ErrorPage:
    #: Lazy strings: each page is said in the language of the request showing it.
    title: str
    message: str


PAGES = {
    400: ErrorPage(
        lazy_gettext("Something in the request was not right"),
        lazy_gettext("The page could not use what was sent."),
    ),
    403: ErrorPage(
        lazy_gettext("You cannot open this page"),
        lazy_gettext("This page is not available to you."),
    ),
    404: ErrorPage(
        lazy_gettext("Page not found"),
        lazy_gettext("If you typed the web address, check it is correct."),
    ),
    405: ErrorPage(
        lazy_gettext("This page cannot be used in that way"),
        lazy_gettext("Go back and try again."),
    ),
    413: ErrorPage(
        lazy_gettext("Your answer is too long"),
        lazy_gettext("Go back, shorten your answer and try again."),
    ),
    415: ErrorPage(
        lazy_gettext("This page cannot take what was sent"),
        lazy_gettext("Please use the form on the page to send your answers."),
    ),
    429: ErrorPage(
        lazy_gettext("Too many tries"),
        lazy_gettext("Please wait a few minutes and try again."),
    ),
    500: ErrorPage(
        lazy_gettext("Sorry, something went wrong on our side"),
        lazy_gettext(
            "Your answers so far are saved. Please try again in a few minutes."
        ),
    ),
    503: ErrorPage(
        lazy_gettext("Sorry, the service is not available right now"),
        lazy_gettext(
            "Your answers so far are saved. Please try again in a few minutes."
        ),
    ),
}
#: Shown when a form's security token is missing or no longer matches the session.
SESSION_ENDED = ErrorPage(
    lazy_gettext("Your session has ended"),
    lazy_gettext(
        "This can happen if the browser was closed or the page was open in another "
        "window. Nothing has been sent to the clinic."
    ),
)


#: Form fields never written back into a page, even to resend them.
_SECRET_FIELDS = {"password", "current", "new", "confirm", "code"}


def register_error_handlers(app: Flask) -> None:
    """Render a friendly page for every HTTP error and for unexpected exceptions."""
    app.register_error_handler(CSRFError, _session_ended)
    # The database is down or unreachable: a server restart, a full disk, a network
    # fault. Temporary, so 503, and nothing the patient typed is thrown away.
    for unavailable in (
        OperationalError,
        InterfaceError,
        DisconnectionError,
        PoolTimeout,
    ):
        app.register_error_handler(unavailable, _database_unavailable)
    # Unhandled exceptions reach this as a 500 after Flask has logged the traceback.
    app.register_error_handler(HTTPException, _http_error)


def _render(status: int, page: ErrorPage, *, restart: bool = False) -> Response:
    if request_ctx.url_adapter is None:
        # The request was refused before routing (a Host outside TRUSTED_HOSTS): no
        # link can be built, so the page is plain text.
        return Response(
            f"{page.title}. {page.message}\n", status, mimetype="text/plain"
        )
    html = render_template(
        "errors/error.html", status=status, page=page, restart=restart
    )
    return Response(html, status)


def _session_ended(_error: CSRFError) -> Response:
    return _render(400, SESSION_ENDED, restart=True)


def _database_unavailable(error: Exception) -> tuple[str, int]:
    current_app.logger.warning("Database unavailable (%s)", type(error).__name__)
    resend = None
    fields = list(request.form.lists())
    if request.method == "POST" and fields and not _SECRET_FIELDS & set(request.form):
        query = request.query_string.decode()
        resend = {
            "action": request.path + (f"?{query}" if query else ""),
            "fields": fields,
        }
    page = render_template("errors/unavailable.html", resend=resend)
    return page, 503


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    return _render(status, PAGES.get(status, PAGES[400 if status < 500 else 500]))
