"""Phone numbers, found by Google's libphonenumber (the `phonenumbers` package).

Leniency.VALID: the number must be a valid one (in an allocated range, of the right
length) for the region it is read in. That, not the digit pattern, is what keeps out
"10 mg twice a day", "2019" and "3 times a week", which POSSIBLE (length alone) lets
through: "2019" is a possible local number. The grouping leniencies (STRICT_GROUPING,
EXACT_GROUPING) were not chosen: they drop numbers grouped unusually ("0770 090
0123"), and a patient's own number typed their own way is exactly what must be
caught.
"""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
from phonenumbers import Leniency
from phonenumbers import PhoneNumber

from .findings import Finding

#: Ofcom's ranges for TV and radio drama (and for examples such as ours), as
#: national significant numbers: each prefix is followed by digits up to 10 in all.
#: No subscriber ever has one, so libphonenumber calls some of them invalid
#: (07700 900xxx, 01632 960xxx, 0115 496 0xxx). They are caught here as if valid, so
#: the detector behaves on the fictional numbers that tests and examples must use
#: exactly as it does on the real numbers they stand for.
_DRAMA_PREFIXES = (
    "1134960",
    "1144960",
    "1154960",
    "1164960",
    "1174960",
    "1184960",
    "1214960",
    "1314960",
    "1414960",
    "1514960",
    "1614960",
    "1914980",
    "2079460",
    "2896496",
    "2920180",
    "1632960",
    "7700900",
    "8081570",
    "9098790",
    "3069990",
)


def find(text: str, region: str) -> Iterator[Finding]:
    region = region.upper()
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
        yield Finding.of("phone", text, match.start, match.end)
    # A second pass for the drama ranges: VALID drops them before we could see them.
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=Leniency.POSSIBLE
    ):
        if _is_drama_number(match.number):
            yield Finding.of("phone", text, match.start, match.end)


def _is_drama_number(number: PhoneNumber) -> bool:
    national = phonenumbers.national_significant_number(number)
    return (
        number.country_code == 44
        and len(national) == 10
        and national.startswith(_DRAMA_PREFIXES)
    )
