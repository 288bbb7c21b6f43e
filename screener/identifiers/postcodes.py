"""UK postcodes, in full: "SW1A 1AA", "m1 1ae", "EC1A1BB".

The pattern follows the official format (BS 7666, as Royal Mail and the ONS publish
it) letter by letter, which rules out most strings that merely look alike:

    outward code: A9, A99, A9A, AA9, AA99 or AA9A;  inward code: 9AA
    1st letter:   any but Q, V, X
    2nd letter:   any but I, J, Z
    3rd (A9A):    A B C D E F G H J K P S T U W
    4th (AA9A):   A B E H M N P R V W X Y
    inward:       any but C I K M O V

Upper or lower case; the space between the two halves may be left out.

Only full postcodes count. An outward code alone ("SW1", "M1") names a district of
thousands of addresses, about as identifying as naming a town, and the same shapes
are everyday words in this questionnaire: vitamin B12 and D3, the M1 motorway.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding

_OUTWARD = r"""
    (?: [A-PR-UWYZ][0-9][0-9]?               # A9, A99
      | [A-PR-UWYZ][0-9][A-HJKPSTUW]          # A9A
      | [A-PR-UWYZ][A-HK-Y][0-9][0-9]?        # AA9, AA99
      | [A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y] # AA9A
    )
"""
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"

_POSTCODE = re.compile(
    rf"""
    (?<![^\W_])                 # not inside a longer word
    (?: {_OUTWARD} \x20? (?P<inward>{_INWARD})
      | GIR \x20? 0AA           # Girobank's, the one postcode outside the format
    )
    (?![^\W_])
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)

#: Inward codes that are also ordinals in lower case: "vitamin b12 1st", "d3 2nd".
#: Postcodes with these inward codes exist ("E1 1ST"), so only the lower-case ones
#: are let go.
_ORDINAL = re.compile(r"[0-9](?:st|nd|rd|th)")


def find(text: str) -> Iterator[Finding]:
    for match in _POSTCODE.finditer(text):
        inward = match.group("inward")
        if inward is not None and _ORDINAL.fullmatch(inward):
            continue
        yield Finding.of("postcode", text, match.start(), match.end())
