"""One row of a REDCap data dictionary: its 18 columns, named and ordered exactly as
REDCap's own Data Dictionary template has them (REDCap matches the header by text, so
a renamed or reordered column makes the upload fail)."""

from __future__ import annotations

from dataclasses import dataclass

from ..submissions.export import Cell
from ..submissions.export import neutralise
from .text import choices_cell

HEADER = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]


@dataclass(frozen=True)
class Field:
    """A REDCap field, with its texts already in REDCap's markup (see text.py)."""

    name: str
    form: str
    #: text, notes, radio, dropdown or checkbox: the only types we need.
    type: str
    label: str
    section_header: str = ""
    #: (code, label) for radio, dropdown and checkbox fields, in the order shown.
    choices: tuple[tuple[str, str], ...] = ()
    note: str = ""
    validation: str = ""
    minimum: int | None = None
    maximum: int | None = None
    identifier: bool = False
    branching: str = ""
    required: bool = False
    #: REDCap's LH/LV/RH/RV; blank is its default (right, vertical).
    alignment: str = ""
    annotation: str = ""

    @property
    def codes(self) -> list[str]:
        return [code for code, _label in self.choices]

    def row(self) -> list[Cell]:
        """The dictionary row. Every text cell is neutralised as the export's are, so
        the file is as safe to open in a spreadsheet; the bounds stay numbers (an
        apostrophe before -5 would make REDCap refuse the minimum)."""
        cells: list[Cell] = [
            self.name,
            self.form,
            self.section_header,
            self.type,
            self.label,
            choices_cell(self.choices),
            self.note,
            self.validation,
            "" if self.minimum is None else self.minimum,
            "" if self.maximum is None else self.maximum,
            "y" if self.identifier else "",
            self.branching,
            "y" if self.required else "",
            self.alignment,
            "",
            "",
            "",
            self.annotation,
        ]
        return [neutralise(cell) for cell in cells]
