"""What REDCap's Data Import Tool takes in each field, to check our CSV's cells
against: the names agree by construction (names.columns), the values are checked here.

It assumes the project lists ASKU among its Missing Data Codes (Project Setup,
Additional customizations), as README's REDCap section says to set it up: then a
radio, dropdown or validated text field takes ASKU as well as its own values.
A checkbox option's column never does: REDCap keeps a checkbox's missing-data code in
a column of its own (`field___asku`) and takes only 0 or 1 in an option's column,
while our export writes ASKU in every option's column of a multiple-choice question
asked and left blank (asked.py says why). That happens only for an optional multiple
choice question; `left_blank_checkboxes` names them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..submissions.export import LEFT_BLANK
from .template import Field

#: The Missing Data Codes the project must list for our CSV to import.
MISSING_DATA_CODES = (LEFT_BLANK,)
_INTEGER = re.compile(r"^-?[0-9]+$")
_DATE_YMD = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def refused(field: Field, value: str, *, checkbox_option: bool = False) -> str | None:
    """Why REDCap's import would refuse this cell (as read from our CSV) in this
    field, or None if it takes it. `checkbox_option`: the cell is one option's column
    of a checkbox field."""
    if value == "":
        return None  # blank: nothing to import, whatever the field
    if checkbox_option:
        return None if value in ("0", "1") else "a checkbox option takes 0 or 1"
    if value in MISSING_DATA_CODES and field.type != "checkbox":
        return None
    if field.type in ("radio", "dropdown"):
        return None if value in field.codes else f"{value!r} is not one of its codes"
    if field.validation == "integer" and not _INTEGER.match(value):
        return f"{value!r} is not a whole number"
    if field.validation == "date_ymd" and not _DATE_YMD.match(value):
        return f"{value!r} is not a date as YYYY-MM-DD"
    return None


def left_blank_checkboxes(fields: Sequence[Field]) -> list[str]:
    """Checkbox fields whose option columns may hold ASKU (an optional multiple
    choice question), which REDCap's import refuses there."""
    return [
        field.name
        for field in fields
        if field.type == "checkbox" and not field.required
    ]
