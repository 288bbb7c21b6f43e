"""Resume codes: what a patient writes down to carry unsent answers to another
device or another day, e.g. 7KQ3-M9PX-4HCW.

A code is 12 characters from the reference codes' alphabet of 30 (no 0/O, 1/I/L or
U), shown in three groups of 4: 30**12 is about 5.3e17 codes, 58.9 bits. With the
look-ups throttled (web/rate_limits.py: 300 tries an hour for everyone, per worker
with the default storage) and a few thousand live codes at most, a guesser working
all year on a server with 10 workers would expect one hit in about 4 million years.

It never looks like a reference code (DYS-XXXX-XXXX: a prefix and two groups): three
groups and no prefix, and no code starts with the reference prefix.

Only a keyed hash of the code is stored (HMAC-SHA256 under the app's SECRET_KEY): a
copy of the database alone cannot turn a code into answers, nor try codes offline.
A new SECRET_KEY ends every code given before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets

from ..db.clock import utc_now
from . import references

ALPHABET = references.ALPHABET
GROUPS = (4, 4, 4)
LENGTH = sum(GROUPS)
BITS = LENGTH * math.log2(len(ALPHABET))
#: Kept apart from every other use of the secret key (domain separation).
_HASH_PURPOSE = b"screener resume code\x00"


def new_code() -> str:
    """Return a new random resume code, e.g. 7KQ3-M9PX-4HCW."""
    while True:
        characters = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not characters.startswith(references.PREFIX):  # 1 in 27,000
            return _grouped(characters)


def normalise(text: str) -> str | None:
    """Read a code however it was typed ("7kq3 m9px 4hcw", look-alikes and all);
    None if it cannot be a code (the wrong length, or a character no code holds)."""
    characters = references.typed_characters(text)
    if len(characters) != LENGTH or any(c not in ALPHABET for c in characters):
        return None
    return _grouped(characters)


def _grouped(characters: str) -> str:
    groups, start = [], 0
    for size in GROUPS:
        groups.append(characters[start : start + size])
        start += size
    return "-".join(groups)


def code_hash(secret_key: str | bytes, code: str) -> str:
    """What the draft keeps of its code: HMAC-SHA256 of the normalised code."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    message = _HASH_PURPOSE + code.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def expiry_for(days: int, now: dt.datetime | None = None) -> dt.datetime:
    """When a draft given a code now may be purged: now + days, rounded up to the next
    midnight (UTC). Coarser than a draft's hour: the row then keeps only the day the
    code was given, and the code works to the end of the day the patient is shown
    (`last_day`), whatever the hour they come back."""
    moment = (now or utc_now()) + dt.timedelta(days=days)
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if midnight == moment else midnight + dt.timedelta(days=1)


def last_day(expires_at: dt.datetime) -> dt.date:
    """The day the patient is told to use the code by: the last day before the draft
    expires at midnight UTC, so the whole of that day is covered, in GMT or BST."""
    return (expires_at - dt.timedelta(microseconds=1)).date()
