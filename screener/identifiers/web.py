"""Web addresses: "https://…", "www.…", and bare ones such as "example.com/jo".

A web address can name a person outright (a profile page, a blog, a fundraising
page), so all are flagged, public sites included: the patient, not us, knows which is
theirs. What is not an address: "e.g." and "i.e.", a medicine or a number with a dot
("62.5 mg"), and two sentences typed without a space ("it.Then"), which is why bare
addresses must end in a top-level domain from a short, lower-case list
(domains.BARE_TLDS).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .domains import BARE_TLD_PATTERN
from .findings import Finding

_ALNUM = r"[^\W_]"
_LABEL = rf"{_ALNUM}(?:[\w-]{{0,61}}{_ALNUM})?"

#: An address that says it is one: a scheme, or "www." and a domain. Anything up to
#: white space or a quotation mark or angle bracket belongs to it; trailing
#: punctuation is trimmed afterwards.
_EXPLICIT = re.compile(
    rf"""
    (?<![\w@.-])
    (?: https?:// [^\s<>"]+
      | www\.(?:{_LABEL}\.)+{_ALNUM}{{2,63}}(?![\w-])(?:[/?#][^\s<>"]*)?
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

#: An address with neither: labels and a listed top-level domain, in lower case
#: (people type their own addresses in lower case; "it.Then" is capitalised because
#: it is a sentence), then an optional path.
_BARE = re.compile(
    rf"""
    (?<![\w@.-])
    (?:{_LABEL}\.)+(?:{BARE_TLD_PATTERN})
    (?![\w@-]|\.{_ALNUM})
    (?:/[^\s<>"]*)?
    """,
    re.VERBOSE,
)

#: Sentence punctuation that usually follows an address rather than ends it.
_TRAILING = ".,;:!?'\"’”"


def find(text: str) -> Iterator[Finding]:
    for pattern in (_EXPLICIT, _BARE):
        for match in pattern.finditer(text):
            end = _trimmed_end(text, match.start(), match.end())
            if end > match.start():
                yield Finding.of("web_address", text, match.start(), end)


def _trimmed_end(text: str, start: int, end: int) -> int:
    """The end without trailing punctuation, and without a closing bracket that
    closes a parenthesis opened before the address: "(see example.com/jo)"."""
    while end > start and (
        text[end - 1] in _TRAILING or _unopened(text, start, end, text[end - 1])
    ):
        end -= 1
    return end


def _unopened(text: str, start: int, end: int, last: str) -> bool:
    """Whether the closing bracket `last` closes more than the address opened."""
    opening = {")": "(", "]": "["}.get(last)
    return opening is not None and (
        text.count(opening, start, end) < text.count(last, start, end)
    )
