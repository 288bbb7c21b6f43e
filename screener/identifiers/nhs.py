"""NHS numbers: ten digits, written together or 3-3-4 with spaces or dashes, whose
last digit is the modulus-11 check digit of the first nine.

The check is what makes this detector specific: a random ten-digit string passes it
about one time in eleven, so an order number or a phone number is rarely taken for
an NHS number. A ten-digit string that fails it is left to the other detectors (it
may still be a phone number). Scotland's CHI numbers and Northern Ireland's H&C
numbers use the same check digit, so they are caught too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding

#: The separator, if any, is the same in both places ("943 476 5919", "943-476-5919",
#: "9434765919"). No digit may touch it, nor a dash and a digit ("0-943-476-5919-1"
#: is some longer code). A space and a digit may: numbers in a list are separated by
#: spaces ("born 1985, 943 476 5919"), and when the digits around make a longer
#: number that is found too (a phone number "+44 113 496 0000"), the longer wins
#: (findings.resolve). ASCII digits only: they are what the check is defined on.
_NHS_NUMBER = re.compile(
    r"(?<!\d)(?<!\d-)(\d{3})([ -]?)(\d{3})\2(\d{4})(?!\d)(?!-\d)", re.ASCII
)


def find(text: str) -> Iterator[Finding]:
    for match in _NHS_NUMBER.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        if passes_modulus_11(digits):
            yield Finding.of("nhs_number", text, match.start(), match.end())


def passes_modulus_11(digits: str) -> bool:
    """The NHS number check: weight the first nine digits 10 down to 2 and sum them;
    11 minus the remainder mod 11 is the check digit (11 means 0; 10 means the
    number cannot be an NHS number)."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight
        for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])
