"""Logging that says what happened without saying who or when.

Werkzeug's own request lines carry the client's IP address and the exact time, so they
are dropped; each request is logged instead by its route pattern (never the query
string or a reference code) and status. Every other line the app or gunicorn writes
passes `Anonymising`, which takes out client addresses, query strings and reference
codes (Flask's "Exception on /staff/submissions/DYS-…/status", gunicorn's "Invalid
request from ip=…"; see web/serving.py for gunicorn's side).
"""

from __future__ import annotations

import logging
import re

from flask import Flask
from flask import Response
from flask import request

request_log = logging.getLogger("screener.requests")

#: What a log line must not carry, each with what it becomes.
_IDENTIFYING = [
    # gunicorn: "Invalid request from ip=…: …"
    (re.compile(r"\bip=\S*?(?=:?\s|$)"), "ip=-"),
    (re.compile(r"\bDYS-[0-9A-Z]{4}-[0-9A-Z]{4}\b", re.IGNORECASE), "DYS-…"),
    (re.compile(r"(/\S*)\?\S*"), r"\1?…"),  # a query string after any path
    # Any IPv4 or IPv6 address written some other way (the server's own bind address
    # too: the price of a rule with no exceptions).
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "<address>"),
    (
        re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.I),
        "<address>",
    ),
]


def scrub(text: str) -> str:
    """The text without client addresses, query strings or reference codes."""
    for pattern, replacement in _IDENTIFYING:
        text = pattern.sub(replacement, text)
    return text


class Anonymising(logging.Filter):
    """Rewrite each record's message (arguments merged in) through `scrub`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            # A traceback's last line quotes the exception, which may quote a path.
            record.exc_text = scrub(_FORMATTER.formatException(record.exc_info))
        return True


_FORMATTER = logging.Formatter()


class _NoWerkzeugRequestLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Werkzeug logs each request as '<ip> - - [<time>] "<request line>" <status>'.
        return not (
            record.name == "werkzeug"
            and '"' in str(record.msg)
            and "- -" in str(record.msg)
        )


def register_logging(app: Flask) -> None:
    """Log one line per request without IP address, time, cookies or answers."""
    if not any(isinstance(f, Anonymising) for f in app.logger.filters):
        app.logger.addFilter(Anonymising())
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NoWerkzeugRequestLines) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(_NoWerkzeugRequestLines())
    if not request_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        request_log.addHandler(handler)
        request_log.setLevel(logging.INFO)
        request_log.propagate = False
    app.after_request(_log_request)


def _log_request(response: Response) -> Response:
    route = request.url_rule.rule if request.url_rule else "(no route)"
    request_log.info("%s %s %s", request.method, route, response.status_code)
    return response
