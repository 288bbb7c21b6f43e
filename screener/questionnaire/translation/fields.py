"""Which texts of questions.yaml a translation gives, each under a stable key.

A key names the item by its id, never by its position in the file, so moving a
question does not orphan its translation: `question.neck_turn.text`,
`question.neck_turn.choice.often.label`, `page.about_you.guidance.0`,
`education.botox.paragraphs.2`. Ids are unique across the file (the checker refuses
duplicates), so a question's key does not need its section's.

Patient text only: the synopsis, the dashboard, each red flag's `clinical:` wording and
the provenance are for staff, who read the clinic's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: A question's own texts.
QUESTION_FIELDS = ("text", "short", "hint", "error_message", "min_label", "max_label")
#: A choice's texts, in a question or a shared choice list.
CHOICE_FIELDS = ("label", "hint")
#: Texts of the end of the questionnaire, by block: single texts and lists of texts.
DOCUMENT_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "recommendation": (
        ("title", "bring_title", "film_title"),
        ("paragraphs", "bring", "film"),
    ),
    "safety_net": (("title",), ("paragraphs",)),
    "summary": (("key_points_title", "advice_label"), ()),
}


@dataclass(frozen=True)
class Slot:
    """Where a text sits in the parsed file: `container[name]` holds it."""

    key: str
    container: Any
    name: str | int

    @property
    def text(self) -> str:
        value = self.container[self.name]
        return value if isinstance(value, str) else ""

    def put(self, text: str) -> None:
        self.container[self.name] = text


def slots(data: dict[str, Any]) -> dict[str, Slot]:
    """Every translatable text of a parsed questions.yaml, by key, in file order."""
    return {slot.key: slot for slot in _walk(data) if slot.text}


def _walk(data: dict[str, Any]) -> Iterator[Slot]:
    if isinstance(data.get("title"), str):
        yield Slot("title", data, "title")
    for name, choices in _mapping(data.get("choice_lists")).items():
        for choice in _items(choices):
            yield from _fields(
                choice, f"choice_list.{name}.{choice.get('code')}", CHOICE_FIELDS
            )
    for section in _items(data.get("sections")):
        yield from _fields(section, f"section.{section.get('id')}", ("title",))
        for page in _items(section.get("pages")):
            key = f"page.{page.get('id')}"
            yield from _fields(page, key, ("title",))
            for n, note in enumerate(_list(page.get("guidance"))):
                if isinstance(note, dict):
                    yield from _fields(note, f"{key}.guidance.{n}", ("text",))
                elif isinstance(note, str):
                    yield Slot(f"{key}.guidance.{n}", page["guidance"], n)
            for question in _items(page.get("questions")):
                qkey = f"question.{question.get('id')}"
                yield from _fields(question, qkey, QUESTION_FIELDS)
                for choice in _items(question.get("choices")):
                    ckey = f"{qkey}.choice.{choice.get('code')}"
                    yield from _fields(choice, ckey, CHOICE_FIELDS)
    for level, advice in _mapping(data.get("red_flag_levels")).items():
        if isinstance(advice, dict):
            yield from _fields(advice, f"red_flag_level.{level}", ("action", "detail"))
    for flag in _items(data.get("red_flags")):
        yield from _fields(flag, f"red_flag.{flag.get('id')}", ("reason", "advice"))
    for block, (single, lists) in DOCUMENT_FIELDS.items():
        found = data.get(block)
        if isinstance(found, dict):
            yield from _fields(found, block, single)
            yield from _lists(found, block, lists)
            if block == "summary":
                for point in _items(found.get("key_points")):
                    yield from _fields(
                        point, f"summary.key_point.{point.get('id')}", ("label",)
                    )
    for module in _items(data.get("education")):
        key = f"education.{module.get('id')}"
        yield from _fields(module, key, ("title",))
        yield from _lists(module, key, ("paragraphs",))


def _fields(item: dict[str, Any], key: str, names: tuple[str, ...]) -> Iterator[Slot]:
    for name in names:
        if isinstance(item.get(name), str):
            yield Slot(f"{key}.{name}", item, name)


def _lists(item: dict[str, Any], key: str, names: tuple[str, ...]) -> Iterator[Slot]:
    for name in names:
        for n, text in enumerate(_list(item.get(name))):
            if isinstance(text, str):
                yield Slot(f"{key}.{name}.{n}", item[name], n)


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _items(value: object) -> list[dict[str, Any]]:
    return [item for item in _list(value) if isinstance(item, dict)]
