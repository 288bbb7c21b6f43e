"""Contact and identity details in a patient's free text, found so we can warn.

Answers are health data and must not carry who the patient is. Before a free-text
answer is kept, `find_identifiers` looks for the details people most often type
without thinking (an email address, a phone number, an NHS number, a postcode, a
date of birth, a web address, a name) so the page can say "This looks like …"
and mark the words. It is a warning, not a filter: each detector prefers to miss an
odd case rather than nag about ordinary answers ("10 mg twice a day", "since 2019",
"I'm tired"), because a warning that is usually wrong teaches people to ignore it.

Each kind has its own module; the rules and their reasons are written there.
"""

from __future__ import annotations

from . import dates
from . import emails
from . import names
from . import nhs
from . import phones
from . import postcodes
from . import web
from .findings import Finding
from .findings import Kind
from .findings import marked
from .findings import resolve

__all__ = ["Finding", "Kind", "find_identifiers", "marked"]


def find_identifiers(text: str, region: str) -> list[Finding]:
    """Everything in the text that looks like a contact or identity detail.

    `region` is the ISO country code that phone numbers without a country code are
    read in (the deployment's PHONE_REGION, e.g. "GB"). The findings are sorted by
    start and never overlap (see findings.resolve for which one wins).
    """
    return resolve(
        [
            *emails.find(text),
            *web.find(text),
            *phones.find(text, region),
            *nhs.find(text),
            *postcodes.find(text),
            *dates.find(text),
            *names.find(text),
        ]
    )
