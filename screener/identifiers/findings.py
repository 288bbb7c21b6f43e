"""What a detector reports, and how overlapping reports are settled.

Every detector in this package returns candidates on its own; `resolve` then keeps a
set of findings that never overlap, so a page can wrap each one in <mark> without
nesting (see `marked`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "email", "phone", "nhs_number", "postcode", "birth_date", "web_address", "name"
]

#: When two overlapping findings are equally long, the one earlier here wins: the
#: kinds whose shape is checked hardest come first. An NHS number passed a checksum,
#: and an email address's "@" leaves no doubt, while a name rests on wording alone.
SPECIFICITY: tuple[Kind, ...] = (
    "nhs_number",
    "email",
    "web_address",
    "phone",
    "postcode",
    "birth_date",
    "name",
)


@dataclass(frozen=True)
class Finding:
    kind: Kind
    #: Character offsets into the text searched: text[start:end] is what was found.
    start: int
    end: int
    #: The found characters themselves (kept so a caller needs no second copy).
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end or len(self.text) != self.end - self.start:
            raise ValueError(f"a finding must be a non-empty slice: {self!r}")

    @classmethod
    def of(cls, kind: Kind, source: str, start: int, end: int) -> Finding:
        """The finding of source[start:end]."""
        return cls(kind, start, end, source[start:end])

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end


def resolve(candidates: Iterable[Finding]) -> list[Finding]:
    """The candidates that survive overlaps, sorted by start.

    The rule: when two candidates overlap, the one covering more characters wins
    (an email address beats the web address that is its domain; a full date beats a
    bare year inside it); when they are equally long, the more specific kind wins
    (SPECIFICITY); failing that, the earlier one. Identical candidates, which two
    detectors or two passes of one may both report, collapse into one.
    """
    rank = {kind: index for index, kind in enumerate(SPECIFICITY)}
    ordered = sorted(
        set(candidates),
        key=lambda found: (found.start - found.end, rank[found.kind], found.start),
    )
    kept: list[Finding] = []
    for candidate in ordered:
        if not any(candidate.overlaps(other) for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda found: found.start)


def marked(text: str, findings: Iterable[Finding]) -> list[tuple[str, Kind | None]]:
    """The text cut into consecutive pieces: plain ones (None) and found ones (their
    kind), so a template can wrap the found ones in <mark> with no JavaScript.

    Joining the pieces gives the text back. Findings must belong to this text and
    must not overlap (find_identifiers' never do); anything else is a ValueError,
    because a wrong mark would point the patient at the wrong words.
    """
    pieces: list[tuple[str, Kind | None]] = []
    at = 0
    for found in sorted(findings, key=lambda f: f.start):
        if found.start < at:
            raise ValueError(f"findings overlap at {found.start}")
        if text[found.start : found.end] != found.text:
            raise ValueError(f"{found!r} is not part of this text")
        if found.start > at:
            pieces.append((text[at : found.start], None))
        pieces.append((found.text, found.kind))
        at = found.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
