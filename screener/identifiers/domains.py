"""The top-level domains a bare address ("example.com", "jo at example dot com") may
end in, for the detectors that have no "@", "www." or "https://" to go on.

A short list, not IANA's: every word is a top-level domain now (.plus, .care, .it,
.me), and patients run sentences together ("I stopped it.Then"), so a bare address
counts only when it ends in a domain that people's own addresses commonly use and
that is not an everyday word. Addresses with "https://" or "www." need no list.
"""

from __future__ import annotations

#: Generic domains, the UK's, and the country domains most seen in UK addresses.
#: Left out on purpose: two-letter words (.it, .me, .is, .in, .at, .to, .no, .be,
#: .us, .so, .do), which run-together sentences produce.
BARE_TLDS: tuple[str, ...] = (
    "com",
    "org",
    "net",
    "edu",
    "gov",
    "info",
    "biz",
    "io",
    "uk",
    "ie",
    "eu",
    "ca",
    "au",
    "nz",
    "de",
    "fr",
    "es",
    "nl",
    "blog",
    "online",
)

#: A regular-expression alternative matching any of them, longest first.
BARE_TLD_PATTERN = "|".join(sorted(BARE_TLDS, key=len, reverse=True))
