"""HTML to a tagged, accessible PDF, rendered here by WeasyPrint.

Rendered in the app rather than by a browser or a service: nothing about a patient's
answers leaves the machine. The document may fetch nothing at all: its stylesheet is
read from disk and handed over, and any other URL in it (an image, a font, a link to
another stylesheet) is refused, so a template change can never make a PDF call out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app
from weasyprint import CSS
from weasyprint import HTML
from weasyprint.urls import URLFetcher

#: PDF/UA-1: tagged structure (headings, lists, tables) for screen readers, the
#: document's language and its title shown in the window (WeasyPrint sets both).
PDF_VARIANT = "pdf/ua-1"


class RefusingFetcher(URLFetcher):
    """Fetches nothing: the PDF's only resources are those given to `render_pdf`."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        raise ValueError(f"the PDF may not fetch {url}")


@cache
def _stylesheet(path: Path) -> CSS:
    # Parsed once per process: the stylesheet only changes with a deployment.
    return CSS(filename=str(path), url_fetcher=RefusingFetcher())


def stylesheet_path() -> Path:
    return Path(current_app.static_folder or "static") / "css" / "app.css"


def render_pdf(html: str) -> bytes:
    """Render a whole HTML document (with its <title>, <html lang> and <meta> tags,
    which become the PDF's metadata) with the app's stylesheet in print mode."""
    document = HTML(string=html, url_fetcher=RefusingFetcher(), media_type="print")
    pdf = document.write_pdf(
        stylesheets=[_stylesheet(stylesheet_path())],
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )
    if pdf is None:  # only when given a target to write to, which this never does
        raise RuntimeError("WeasyPrint wrote the PDF nowhere")
    return bytes(pdf)
