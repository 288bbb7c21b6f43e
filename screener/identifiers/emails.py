"""Email addresses: the usual "jo.bloggs@example.com", and the spelt-out form people
use to dodge spam filters, "jo dot bloggs at example dot com"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .domains import BARE_TLD_PATTERN
from .findings import Finding

#: Letters and digits in any script (\w without "_"), for domain labels.
_ALNUM = r"[^\W_]"
#: One domain label: at most 63 characters, no hyphen at either end. The bounded
#: repeat keeps matching linear on long runs of letters.
_LABEL = rf"{_ALNUM}(?:[\w-]{{0,61}}{_ALNUM})?"

_EMAIL = re.compile(
    rf"""
    (?<![\w.%+-])                     # not the tail of a longer token
    [\w%+-]+(?:\.[\w%+-]+)*           # local part: dots only between characters
    @
    (?:{_LABEL}\.)+[^\W\d_]{{2,63}}   # domain, ending in a top-level domain of letters
    (?![\w-])
    """,
    re.VERBOSE,
)

#: Spelt out, "at" is bracketed ("jo(at)example.com", "jo [at] example [dot] com")
#: or a plain word; after a plain " at " the domain's dots must be spelt out too, or
#: every "I read it at nhs.uk" would count. Either way the address must end in a
#: top-level domain from the short list, so "look at the dot" does not.
_BRACKETED_AT = r"\s*[(\[]at[)\]]\s*"
_SPELT_DOT = r"(?:\s*[(\[]dot[)\]]\s*|\s+dot\s+)"
_ANY_DOT = rf"(?:{_SPELT_DOT}|\.)"

_SPOKEN = re.compile(
    rf"""
    (?<![\w.@-])
    \w+(?:{_ANY_DOT}\w+)*                       # local part: words joined by dots
    (?:
        {_BRACKETED_AT}(?:{_LABEL}{_ANY_DOT})+
      | \s+at\s+(?:{_LABEL}{_SPELT_DOT})+
    )
    (?:{BARE_TLD_PATTERN})
    (?![\w-])
    """,
    re.VERBOSE | re.IGNORECASE,
)


def find(text: str) -> Iterator[Finding]:
    for match in _EMAIL.finditer(text):
        yield Finding.of("email", text, match.start(), match.end())
    for match in _SPOKEN.finditer(text):
        yield Finding.of("email", text, match.start(), match.end())
