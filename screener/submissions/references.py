"""Reference codes: what a patient quotes to the clinic, e.g. DYS-7KQ3-M9PX."""

from __future__ import annotations

import re
import secrets
import unicodedata

#: No 0/O, 1/I/L or U: nothing that reads aloud or looks like another character.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "DYS"
#: 8 characters from 30: about 39 bits, far more than the codes that will ever exist,
#: and a guess cannot be tried anywhere a patient can reach.
GROUPS = (4, 4)
PATTERN = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
#: A handwritten V is often read as a U, which no code holds. The other characters
#: left out (0/O, 1/I/L) could each be one of several that codes do hold (O: Q or D?
#: 1: 7 or T?), so they are not guessed at: a code with them is simply not found.
_LOOK_ALIKES = str.maketrans({"U": "V"})


def typed_characters(text: str) -> str:
    """The letters and digits of a code as someone typed or read it out, in capitals:
    spaces, dashes of any kind and other marks dropped, full-width forms (some phone
    keyboards) made plain, look-alikes mapped onto the alphabet. Reference codes and
    resume codes are both read through this."""
    plain = unicodedata.normalize("NFKC", text).upper().translate(_LOOK_ALIKES)
    return re.sub(r"[^0-9A-Z]", "", plain)


def new_reference() -> str:
    """Return a new random reference code."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(size)) for size in GROUPS)
    return "-".join((PREFIX, *groups))
