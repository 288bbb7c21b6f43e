"""The browser measurements catch what they are meant to, on pages made to fail; and
the browser tests cannot pass in CI without a browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page

from . import measure
from .conftest import require_chromium


@pytest.fixture
def blank(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    yield page
    page.close()


def test_small_targets_are_found_and_labels_count(blank: Page) -> None:
    blank.set_content(
        """<button style="width:20px;height:20px">x</button>
        <button style="width:48px;height:48px">ok</button>
        <input type="checkbox" id="c" style="width:13px;height:13px">
        <label for="c" style="display:inline-block;padding:14px 20px">tick</label>
        <p>A link <a href="#">inside a sentence</a> is sized by its text.</p>
        <p><a href="#">A link on its own</a></p>"""
    )
    found = measure.small_targets(blank)
    assert len(found) == 2
    assert found[0].startswith('<button> "x" is 20x20')
    assert found[1].startswith('<a> "A link on its own"')


def test_bigger_targets_and_the_space_between_them_are_measured(blank: Page) -> None:
    blank.set_content(
        """<style>button { display: block; width: 64px; height: 64px; margin: 0; }
        </style><button>a</button><button style="margin-top:10px">b</button>
        <button style="margin-top:16px">c</button>
        <input type="radio" id="r" style="margin-top:16px;width:20px;height:20px">
        <label for="r" style="display:block;height:64px">the row</label>
        <button style="width:48px">d</button>"""
    )
    assert measure.small_targets(blank, 64) == ['<button> "d" is 48x64']
    crowded = measure.crowded_targets(blank, 16)
    # b is 10 px below a; c is 16 px below b; the label counts in the radio's area,
    # so d, right under the label, is too close to the radio.
    assert crowded == [
        '<button> "a" and <button> "b" are 10 px apart',
        '<input#r> "on" and <button> "d" are 0 px apart',
    ]


def test_overflow_and_clipped_content_are_found(blank: Page) -> None:
    blank.set_content(
        """<div style="width:500px">wide</div>
        <div style="width:100px;height:20px;overflow:hidden">much more text than fits
        in this little box at all</div>"""
    )
    found = measure.overflow(blank)
    assert found[0] == "the page is 508 px wide in 320 px"  # with the body margin
    assert any("spans 8 to 508" in problem for problem in found)
    assert any("cuts off its content" in problem for problem in found)


def test_controls_under_something_else_are_found(blank: Page) -> None:
    blank.set_content(
        """<button>under</button><div style="position:fixed;inset:0;background:red">
        </div>"""
    )
    assert measure.covered_controls(blank) == ['<button> "under" is under <div> ""']


def test_focus_without_a_visible_sign_is_found(blank: Page) -> None:
    blank.set_content(
        """<style>:focus { outline: none; } .shown:focus { outline: 3px solid blue; }
        </style><button>hidden focus</button><button class="shown">shown</button>"""
    )
    assert measure.invisible_focus(blank) == [
        '<button> "hidden focus" looks the same with focus'
    ]


def test_axe_reports_wcag_violations(blank: Page) -> None:
    blank.set_content("<html><body><input type=text><img src=x.png></body></html>")
    rules = {problem.split(":")[0] for problem in measure.axe_violations(blank)}
    assert {"label", "image-alt", "html-has-lang"} <= rules


def test_luminance_follows_wcag() -> None:
    assert measure.luminance("rgb(255, 255, 255)") == pytest.approx(1.0)
    assert measure.luminance("rgb(0, 0, 0)") == 0
    assert measure.luminance("rgba(27, 29, 31, 1)") == pytest.approx(0.0118, abs=1e-3)


def test_a_missing_browser_fails_under_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "chromium"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium is missing"):
        require_chromium(missing)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        require_chromium(missing)
