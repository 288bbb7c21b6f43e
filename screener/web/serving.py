"""What gunicorn.conf.py needs from the app's code: a logger that names nobody, and no
Server banner.

gunicorn has settings for neither. Its error log wrote "Invalid request from ip=…",
the query string of a request that timed out, and the exact time on every line; its
responses, its own 400/414/431 replies included, said "Server: gunicorn".
"""

from __future__ import annotations

from typing import Any

import gunicorn.http.wsgi
from gunicorn.glogging import Logger

from .logs import Anonymising


class AnonymousLogger(Logger):
    """gunicorn's logger (`logger_class`): every line passes `Anonymising` and
    carries no time."""

    error_fmt = "[%(process)d] [%(levelname)s] %(message)s"

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, Anonymising) for f in log.filters):
                log.addFilter(Anonymising())


class _NoBannerResponse(gunicorn.http.wsgi.Response):
    def default_headers(self) -> list[str]:
        headers: list[str] = super().default_headers()
        return [header for header in headers if not header.startswith("Server:")]


def hide_server_banner() -> None:
    """Make gunicorn's responses leave out the Server header. `wsgi.create` builds
    every HTTP/1 response from this module attribute, for each kind of worker."""
    gunicorn.http.wsgi.Response = _NoBannerResponse
