"""Request logging that says what happened without saying who or when.

Werkzeug's own request lines carry the client's IP address and the exact time, so they
are dropped; each request is logged instead by its route pattern (never the query
string or a reference code) and status.
"""

from __future__ import annotations

import logging

from flask import Flask
from flask import Response
from flask import request

request_log = logging.getLogger("screener.requests")


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
