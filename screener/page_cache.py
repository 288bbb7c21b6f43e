"""Question pages as rendered, kept by each worker for the next patient who sees one.

A question page shown by GET is a function of a few things: the page, the answers
already on it, the choices offered, where it stands ("Section 3 of 14") and where Back
leads. Most patients see a page exactly as many before them did (blank, on a first
visit), and rendering the template cost more than the rest of the request together;
so each worker keeps the pages it rendered most recently.

The CSRF token is the one part that differs per browser. Pages are stored with a
placeholder in its place, and each response gets its own token. The placeholder holds
"<", which the template escapes in anything a patient typed, so an answer can never
be mistaken for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from collections.abc import Hashable

from flask import Flask
from flask import current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

#: Stands for the CSRF token in a stored page.
CSRF_PLACEHOLDER = Markup("<csrf-token>")


class RenderedPages:
    """The most recently rendered pages, by everything they were rendered from."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        # Workers are single-threaded under gunicorn, but `flask run` is not.
        self._lock = threading.Lock()

    def page(self, key: Hashable, render: Callable[[Markup], str]) -> str:
        """Return the page for `key`, rendering it with `render` the first time.

        `render` is given the token placeholder to put where the CSRF token goes.
        """
        with self._lock:
            stored = self._pages.get(key)
            if stored is not None:
                self._pages.move_to_end(key)
        if stored is None:
            stored = render(CSRF_PLACEHOLDER)
            with self._lock:
                self._pages[key] = stored
                while len(self._pages) > self.capacity:
                    self._pages.popitem(last=False)
        token: str = generate_csrf()
        return stored.replace(CSRF_PLACEHOLDER, token)

    def __len__(self) -> int:
        return len(self._pages)


def init_app(app: Flask) -> None:
    app.extensions["screener.pages"] = RenderedPages(app.config["RENDERED_PAGES_KEPT"])


def rendered_pages() -> RenderedPages:
    pages: RenderedPages = current_app.extensions["screener.pages"]
    return pages
