"""The names REDCap accepts, and the columns its export and import use.

REDCap refuses a data dictionary whose field names are not lower-case letters, digits
and underscores starting with a letter, longer than 100 characters, used twice, or
one of the names it keeps for itself. It also makes names of its own: a checkbox field
`q` is the columns `q___code`, one per option, in every export and import, and each
instrument gets a status field `<form>_complete`; a field of ours must not take any of
those names either. Our ids follow `model.base.Identifier` (lower-case snake case, 63
characters at most), so they pass the character rules by construction; `problems`
checks the rest, and the tests run it on the shipped questionnaire.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Sequence

from .template import Field

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
FORM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_FIELD_NAME = 100
#: An option's code: what a checkbox's column name can end with, and what logic can
#: quote as it is (ours are ids, or a scale's whole numbers).
CHOICE_CODE = re.compile(r"^[a-z0-9_]+$")
#: What separates a checkbox field's name from an option's code in REDCap's columns.
CHECKBOX_SEPARATOR = "___"
#: Names REDCap keeps for itself (its Project class's list): used internally, or
#: words that break its branching logic in some browsers.
RESERVED = frozenset(
    {
        "redcap_event_name",
        "redcap_csrf_token",
        "redcap_survey_timestamp",
        "redcap_survey_identifier",
        "redcap_survey_return_code",
        "redcap_data_access_group",
        "redcap_repeat_instance",
        "redcap_repeat_instrument",
        "hidden_edit_flag",
        "instance",
        "submit",
        "new",
        "return",
        "continue",
        "case",
        "switch",
        "class",
        "enum",
        "catch",
        "throw",
        "document",
        "super",
        "focus",
        "elements",
        "action",
        "event_id",
        "target",
        "field_label",
    }
)


def checkbox_column(field: str, code: str) -> str:
    """The column REDCap exports, and imports, for one option of a checkbox field."""
    return f"{field}{CHECKBOX_SEPARATOR}{code.lower()}"


def status_field(form: str) -> str:
    """The field REDCap adds to every instrument for its status."""
    return f"{form}_complete"


def columns(fields: Iterable[Field]) -> list[str]:
    """The columns of a record as REDCap exports and imports them, in order, without
    the status fields it adds at the end of each instrument."""
    found: list[str] = []
    for field in fields:
        if field.type == "checkbox":
            found.extend(checkbox_column(field.name, code) for code in field.codes)
        else:
            found.append(field.name)
    return found


def problems(fields: Sequence[Field]) -> list[str]:
    """What REDCap would refuse, or mistake, in these fields' names; empty if none."""
    found: list[str] = []
    forms = list(dict.fromkeys(field.form for field in fields))
    for form in forms:
        if not FORM_NAME.match(form):
            found.append(f"form '{form}': not a REDCap instrument name")
    names = [field.name for field in fields]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            found.append(f"field '{name}': used twice")
        seen.add(name)
    taken = {status_field(form) for form in forms}
    for field in fields:
        name = field.name
        if not FIELD_NAME.match(name):
            found.append(
                f"field '{name}': REDCap names are lower-case letters, digits and "
                "underscores, starting with a letter"
            )
        if len(name) > MAX_FIELD_NAME:
            found.append(f"field '{name}': longer than {MAX_FIELD_NAME} characters")
        if name in RESERVED or name.startswith("redcap_"):
            found.append(f"field '{name}': a name REDCap keeps for itself")
        if name in taken:
            found.append(f"field '{name}': REDCap's status field of an instrument")
        for code in field.codes:
            if not CHOICE_CODE.match(code):
                found.append(
                    f"field '{name}': option code '{code}' is not a plain code "
                    "(a checkbox's codes are part of REDCap's column names)"
                )
        if len(set(field.codes)) != len(field.codes):
            found.append(f"field '{name}': an option code is used twice")
    option_columns = {
        checkbox_column(field.name, code)
        for field in fields
        if field.type == "checkbox"
        for code in field.codes
    }
    for name in names:
        if name in option_columns:
            found.append(f"field '{name}': the column of a checkbox option")
    return found
