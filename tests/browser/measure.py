"""Measurements taken in the browser from rendered boxes and computed styles.

Each returns what is wrong, described for a person to find it (an empty list when all
is well), so that a failing test says which element on which page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

#: WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules the screener must meet.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
#: The smallest hit area for a control, in CSS pixels (WCAG 2.5.5, GOV.UK, NHS).
MIN_TARGET = 44
#: With easier controls ("Bigger buttons") on: each target, and the space between two.
EASIER_TARGET = 64
EASIER_GAP = 16

_SCRIPT = (Path(__file__).parent / "measure.js").read_text()
#: The axe-core that axe-playwright-python ships, and its script.
_AXE = Axe()


def _call(page: Page, name: str, *arguments: Any) -> Any:
    """Call one of measure.js's functions in the page, loading the file if the page
    does not have it yet."""
    call = """([name, args]) => window.screenerMeasure
        ? {result: window.screenerMeasure[name](...args)} : null"""
    answer = page.evaluate(call, [name, list(arguments)])
    if answer is None:
        page.evaluate(_SCRIPT)
        answer = page.evaluate(call, [name, list(arguments)])
    return answer["result"]


def axe_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """axe-core's WCAG A and AA violations on the page as it stands, from all the
    WCAG rules or only from the `rules` named."""
    run_only = (
        {"type": "rule", "values": rules}
        if rules
        else {"type": "tag", "values": WCAG_TAGS}
    )
    # axe-core is injected once per page (half a megabyte of script to parse), then
    # run as often as the page is checked (both themes).
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_AXE.axe_script)
    response: dict[str, Any] = page.evaluate(
        "(options) => axe.run(document, options)",
        {"runOnly": run_only, "resultTypes": ["violations"]},
    )
    violations: list[dict[str, Any]] = response["violations"]
    return [
        f"{violation['id']}: {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    ]


def set_text_size(page: Page, scale: float) -> None:
    """Change the browser's default font sizes, as its text-size setting does (so
    that rem and em media queries follow too, unlike CSS zoom). Call before loading
    the page; the setting lasts as long as the page."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send(
        "Page.setFontSizes",
        {"fontSizes": {"standard": round(16 * scale), "fixed": round(13 * scale)}},
    )


def small_targets(page: Page, least: int = MIN_TARGET) -> list[str]:
    found: list[str] = _call(page, "smallTargets", least)
    return found


def crowded_targets(page: Page, gap: int = EASIER_GAP) -> list[str]:
    """Controls (with their labels) closer together than `gap` px."""
    found: list[str] = _call(page, "crowdedTargets", gap)
    return found


def overflow(page: Page) -> list[str]:
    """Anything wider than the window, or cut off inside its box."""
    found: list[str] = _call(page, "overflow")
    return found


def covered_controls(page: Page) -> list[str]:
    """Controls that something else sits on top of, so a press misses them."""
    found: list[str] = _call(page, "coveredControls")
    return found


def invisible_focus(page: Page, most: int = 200) -> list[str]:
    """Tab through the page; report each stop where nothing shows the focus.

    Each control's look focused is compared with its look before any focus, so an
    indicator drawn by any means (outline, shadow, colours, the label) counts.
    """
    before: list[str] = _call(page, "looksBeforeFocus")
    problems: list[str] = []
    visited: set[int] = set()
    _call(page, "focusStartOfPage")
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = _call(page, "focused")
        if focused["index"] < 0 or focused["index"] in visited:
            break  # past the last control, back to the browser's own chrome
        visited.add(focused["index"])
        if focused["look"] == before[focused["index"]]:
            problems.append(f"{focused['name']} looks the same with focus")
        if not focused["inView"]:
            problems.append(f"{focused['name']} has focus out of sight")
    return problems


def luminance(css_colour: str) -> float:
    """Relative luminance (WCAG) of an `rgb(...)` or `rgba(...)` computed colour."""
    red, green, blue = (
        float(part) / 255
        for part in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]
    )

    def linear(channel: float) -> float:
        if channel <= 0.04045:
            return channel / 12.92
        return float(((channel + 0.055) / 1.055) ** 2.4)

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
