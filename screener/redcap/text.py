"""Our texts in REDCap's markup.

REDCap reads a field's label, note and section header as HTML, and anything in square
brackets as piping (`[age]` is replaced by the answer to `age`, `[record-name]` by the
record's id), so a bracket or an angle bracket in our text would change what REDCap
shows. They become HTML character references, which REDCap's pages show as the
character itself and which are never piping or a tag.

A choices cell is `code, label | code, label`: REDCap splits it on the pipes, then
each choice on its first comma only. A comma inside a label is therefore safe as it
is (the code before it never holds one), while a pipe or a line break would start a
new choice, so those are replaced too. Quotes need nothing here: the csv module
quotes the cell (and doubles its quotes) as CSV requires, and REDCap's reader undoes
that.
"""

from __future__ import annotations

from collections.abc import Iterable

#: What would be markup or piping to REDCap, as HTML character references.
_REFERENCES = str.maketrans({"<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;"})
#: Inside a choice, what would start another choice too.
_CHOICE_REFERENCES = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;", "|": "&#124;"}
)
#: How REDCap's data dictionary separates choices.
CHOICE_SEPARATOR = " | "


def display(text: str | None) -> str:
    """A label, note or section header as REDCap should show it."""
    return (text or "").strip().translate(_REFERENCES)


def choice_label(text: str) -> str:
    """One choice's label: on one line, with no pipe."""
    return " ".join(text.split()).translate(_CHOICE_REFERENCES)


def choices_cell(choices: Iterable[tuple[str, str]]) -> str:
    """`code, label | code, label`, REDCap's choices format."""
    return CHOICE_SEPARATOR.join(
        f"{code}, {choice_label(label)}" for code, label in choices
    )


def parse_choices(cell: str) -> list[tuple[str, str]]:
    """Read a choices cell back as REDCap does: split on the pipes, then each choice
    on its first comma. (For the tests, and for checking what we wrote.)"""
    found = []
    for part in cell.split("|"):
        if part.strip():
            code, _, label = part.partition(",")
            found.append((code.strip(), label.strip()))
    return found


def annotation(notes: Iterable[str], tags: Iterable[str]) -> str:
    """A Field Annotation: our notes, then REDCap's action tags, which it finds
    anywhere in the text. It never starts with an action tag's @: a spreadsheet reads
    that as a formula, and the apostrophe the export's rule puts before it would
    break the tag."""
    said, tagged = list(notes), list(tags)
    if tagged and not said:
        said = ["Action tags:"]
    return " ".join(said + tagged)
