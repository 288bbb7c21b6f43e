"""Reference codes: what a patient quotes to the clinic, e.g. DYS-7KQ3-M9PX."""

from __future__ import annotations

import re
import secrets

#: No 0/O, 1/I/L or U: nothing that reads aloud or looks like another character.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "DYS"
#: 8 characters from 30: about 39 bits, far more than the codes that will ever exist,
#: and a guess cannot be tried anywhere a patient can reach.
GROUPS = (4, 4)
PATTERN = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference() -> str:
    """Return a new random reference code."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(size)) for size in GROUPS)
    return "-".join((PREFIX, *groups))
