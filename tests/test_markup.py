"""Markup that assistive technology relies on, on every page a patient can reach."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


class _Elements(HTMLParser):
    """Collect each element's tag and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(page: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(page)
    return parser.elements


def test_ids_are_unique_and_every_reference_resolves(
    every_patient_page: dict[str, str],
) -> None:
    for name, page in every_patient_page.items():
        found = elements(page)
        ids = Counter(attrs["id"] for _tag, attrs in found if "id" in attrs)
        assert [i for i, n in ids.items() if n > 1] == [], name
        for _tag, attrs in found:
            for key in ("aria-describedby", "aria-labelledby", "for"):
                for target in attrs.get(key, "").split():
                    assert target in ids, f"{name}: {key} names missing id {target!r}"
        anchors = [attrs.get("href", "") for tag, attrs in found if tag == "a"]
        for target in (href[1:] for href in anchors if href.startswith("#")):
            assert target in ids, f"{name}: link to missing #{target}"


def test_every_input_has_a_label(every_patient_page: dict[str, str]) -> None:
    for name, page in every_patient_page.items():
        found = elements(page)
        labelled = {attrs["for"] for tag, attrs in found if tag == "label"}
        for tag, attrs in found:
            if tag in ("input", "textarea", "select") and attrs.get("type") != "hidden":
                assert attrs.get("id") in labelled, f"{name}: {attrs} has no label"


def test_each_page_has_one_main_heading(every_patient_page: dict[str, str]) -> None:
    for name, page in every_patient_page.items():
        headings = [tag for tag, _attrs in elements(page) if tag == "h1"]
        assert len(headings) == 1, name


@pytest.mark.parametrize("kind", ["radio", "checkbox"])
def test_choices_are_grouped_in_fieldsets(
    every_patient_page: dict[str, str], kind: str
) -> None:
    for name, page in every_patient_page.items():
        tags = [
            tag
            for tag, attrs in elements(page)
            if tag != "input" or attrs.get("type") == kind
        ]
        if "input" in tags:
            assert "fieldset" in tags[: tags.index("input")], name
            assert "legend" in tags, name


def test_an_error_page_is_labelled_too(every_patient_page: dict[str, str]) -> None:
    assert "Page not found" in every_patient_page["not found"]
