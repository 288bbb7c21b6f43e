"""What the page says when free text looks like it holds contact or identity details,
and what the person may do about it.

Nothing is saved until they choose: change the text, or keep it as it is (the
button named KEEP_FIELD). A clinic whose policy forbids such details sets
IDENTIFIER_WARNINGS = "refuse": the page then asks for the change and offers no
"keep it". The wording is plain and kind: the person did nothing wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..languages.text import gettext
from . import find_identifiers
from .findings import Finding
from .findings import Kind
from .findings import marked

#: The button that keeps the text as typed, and its value.
KEEP_FIELD = "keep_details"
KEEP_VALUE = "1"
#: The settings' values: warn and let the person keep it, or ask for a change.
POLICIES = ("warn", "refuse")


@dataclass(frozen=True)
class TextWarning:
    """The findings in one text, and that text cut into plain and marked pieces."""

    findings: list[Finding]
    pieces: list[tuple[str, Kind | None]]

    @property
    def messages(self) -> list[str]:
        """One sentence per kind found, in the order they first appear."""
        kinds = dict.fromkeys(finding.kind for finding in self.findings)
        return [looks_like(kind) for kind in kinds]


def looks_like(kind: Kind) -> str:
    """ "This looks like a phone number.", in the request's language."""
    return {
        "email": gettext("This looks like an email address."),
        "phone": gettext("This looks like a phone number."),
        "nhs_number": gettext("This looks like an NHS number."),
        "postcode": gettext("This looks like a postcode."),
        "birth_date": gettext("This looks like a date of birth."),
        "web_address": gettext("This looks like a web address."),
        "name": gettext("This looks like a name."),
    }[kind]


def warning_for(text: object, region: str) -> TextWarning | None:
    """The warning for a text, or None if nothing in it looks identifying."""
    if not isinstance(text, str) or not text:
        return None
    found = find_identifiers(text, region)
    return TextWarning(found, marked(text, found)) if found else None


def may_keep(config: Mapping[str, Any]) -> bool:
    """Whether the clinic's policy lets the person keep such text ("warn")."""
    return bool(config["IDENTIFIER_WARNINGS"] == "warn")


def kept_anyway(formdata: Mapping[str, Any], config: Mapping[str, Any]) -> bool:
    """True if the person pressed "keep it" and the clinic's policy allows that."""
    return may_keep(config) and formdata.get(KEEP_FIELD) == KEEP_VALUE
