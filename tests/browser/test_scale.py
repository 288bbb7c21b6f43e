"""The 0-10 buttons at the narrowest phone and on a desktop: even rows (one row of
eleven where there is room, 0-5 and 6-10 on a phone), every button at least 44 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.http_client import HttpClient
from tests.patient_walk import PatientWalk

from .conftest import DESKTOP
from .conftest import SMALL_PHONE
from .conftest import LiveApp

_BOXES = """(name) => [...document.querySelectorAll(`input[name="${name}"]`)].map(
  (input) => { const r = input.nextElementSibling.getBoundingClientRect();
               return {top: Math.round(r.top), width: r.width, height: r.height}; })"""


@pytest.mark.parametrize(
    ("size", "rows"), [(SMALL_PHONE, [6, 5]), (DESKTOP, [11])], ids=["320", "1280"]
)
def test_the_scale_wraps_evenly_with_large_targets(
    browser: Browser, live: LiveApp, size: dict[str, int], rows: list[int]
) -> None:
    client = HttpClient(live.url)
    walker = PatientWalk(client, live.questionnaire)
    walker.start()
    walker.walk({"body_regions": ["neck"]}, stop_after="wellbeing_page")
    context = browser.new_context(base_url=live.url, viewport=size)
    context.add_cookies(
        [
            {"name": cookie.name, "value": cookie.value or "", "url": live.url}
            for cookie in client.http.cookies.jar
        ]
    )
    page = context.new_page()
    page.goto("/questions/daily_life_page")

    boxes = page.evaluate(_BOXES, "impact_overall")
    tops = sorted({box["top"] for box in boxes})
    assert [sum(box["top"] == top for box in boxes) for top in tops] == rows
    assert min(box["width"] for box in boxes) >= 44
    assert min(box["height"] for box in boxes) >= 44
    # Nothing wider than the screen: no sideways scrolling at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    context.close()
