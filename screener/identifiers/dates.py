"""Dates that look like a date of birth.

Two rules:

- A full date, day, month and year, counts wherever it is: "12/03/1985",
  "12-03-85", "12.3.1985", "1985-03-12", "12 March 1985", "12th of Mar 1985",
  "March 12, 1985". Nothing in the text tells a birth date from another full date,
  and a parent answering for a child may give a recent one, so the year is not
  used to guess; a full date of anything narrows down who someone is, too.
- After "born", "DOB", "date of birth" or "birthday", any date counts, even a part
  of one: "born in 1985", "born March 1985", "birthday 12/3", "my birthday is the
  12th of March". Giving it is the point of such a sentence.

What does not count without those words: a bare year ("since 2019"), a month and
year ("in May 2021"), a day and month ("12/3", which may be a ratio or a score
anyway), a time ("at 10:30", "half past 7") and a dose ("10 mg"). Impossible dates
("31/02/1985") are not dates. Numeric dates are read day first, as in the UK, or
month first when only that makes a date ("03/25/1985").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

from .findings import Finding

_MONTH_NAMES = {
    name: number
    for number in range(1, 13)
    for name in {
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    }
} | {"sept": 9}
_MONTH_NAME = (
    "(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")(?![^\W\d_])\.?"
)
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
_NUMERIC_PART = r"[0-9]{1,2}"

#: Numeric: three parts with the same separator, the year last, 2 or 4 digits. A
#: colon is never a separator (it is a time), nor is white space (a list of numbers).
_NUMERIC = (
    rf"{_NUMERIC_PART}(?P<sep>[/.-]){_NUMERIC_PART}(?P=sep)(?:{_YEAR}|[0-9]{{2}})"
)
_ISO = rf"{_YEAR}-[0-9]{{2}}-[0-9]{{2}}"
#: Worded: "12 March 1985", "12th of March, 1985", "12-Mar-1985", "March 12th, 1985".
_DAY_MONTH = rf"{_DAY}(?:\s+of)?[\s-]+{_MONTH_NAME}"
_MONTH_DAY = rf"{_MONTH_NAME}\s+(?:the\s+)?{_DAY}"
_WORDED = rf"(?:{_DAY_MONTH}|{_MONTH_DAY}),?[\s-]+{_YEAR}"

_FULL_DATE = rf"(?:{_NUMERIC}|{_ISO}|{_WORDED})"
#: After a birth word, a part of a date is enough (longest alternatives first).
_PARTIAL_DATE = rf"""(?:
      {_FULL_DATE}
    | {_MONTH_NAME},?\s+{_YEAR}
    | {_DAY_MONTH} | {_MONTH_DAY}
    | {_NUMERIC_PART}/{_NUMERIC_PART}
    | {_YEAR}
)"""

_EDGE_BEFORE = r"(?<![\w/.-])"
_EDGE_AFTER = r"(?![\w/-]|\.[0-9])"

_FULL = re.compile(
    rf"{_EDGE_BEFORE}(?P<date>{_FULL_DATE}){_EDGE_AFTER}",
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)

#: "born", "DOB" / "D.O.B.", "date of birth", "birthday" / "birth day" / "bday",
#: then a colon or dash or up to three small words ("born on the 12th", "DOB:
#: 12/3/85", "birthday is in March 1985", "birthday's on 12/3").
_BIRTH_WORDS = r"""
    \b(?: born | d\.?o\.?b\b\.? | date\s+of\s+birth | birth\s?day | b['’]?day )
    (?: ['’]s )?
    (?: \s*[:\-–]\s* | \s+ )
    (?: (?: is | was | on | in | of | the ) \s+ ){0,3}
"""
_CUED = re.compile(
    rf"{_BIRTH_WORDS}{_EDGE_BEFORE}(?P<date>{_PARTIAL_DATE}){_EDGE_AFTER}",
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)

_NUMBERS = re.compile(r"[0-9]+")


def find(text: str) -> Iterator[Finding]:
    for pattern in (_FULL, _CUED):
        for match in pattern.finditer(text):
            if _is_a_date(match.group("date")):
                yield Finding.of(
                    "birth_date", text, match.start("date"), match.end("date")
                )


def _is_a_date(found: str) -> bool:
    """Whether the day and month found can be a day of the year (a year alone or a
    month and year always can)."""
    words = re.findall(r"[a-z]+", found.lower())
    months = [_MONTH_NAMES[word] for word in words if word in _MONTH_NAMES]
    numbers = [int(number) for number in _NUMBERS.findall(found)]
    if months:
        day = next((n for n in numbers if n <= 31), None)
        return day is None or (day >= 1 and day <= _longest(months[0]))
    if len(numbers) == 1:  # a year
        return True
    if numbers[0] > 31:  # ISO: year, month, day
        numbers = numbers[1:]
    first, second = numbers[0], numbers[1]
    return _fits(first, second) or _fits(second, first)


def _fits(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _longest(month)


def _longest(month: int) -> int:
    """The most days the month can have (29 for February: the year is not checked,
    a two-digit year leaves the century open)."""
    return 29 if month == 2 else calendar.monthrange(2001, month)[1]
