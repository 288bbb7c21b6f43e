"""Who a text speaks to: the person it is about, or someone answering for them.

Patient text in questions.yaml marks the words that change when a parent or carer
answers for someone else. A marker is written in its third-person form, so the file
reads as a carer would see it: "Does {their} head get pulled?" becomes "Does your
head get pulled?" for someone answering for themselves. Singular "they" takes the
same verbs as "you", so only the marked words change.

The reader (whoever is filling the form in) has markers of their own, which read the
same either way: "If {you} are not sure, ..." stays "you" for a carer too.

Text may also name a setting of the deployment, such as {emergency_number}; these are
filled in when the questionnaire is loaded, from the app's configuration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

#: "self": the person answers about themselves (with or without help);
#: "proxy": a parent, guardian, carer or relative answers about them.
Voice = Literal["self", "proxy"]
VOICES: tuple[Voice, ...] = ("self", "proxy")

#: The person the questionnaire is about: their marker, and how it reads to them.
PERSON_MARKERS: dict[str, str] = {
    "they": "you",
    "They": "You",
    "them": "you",
    "their": "your",
    "Their": "Your",
    "theirs": "yours",
    "themselves": "yourself",
    "they're": "you're",
    "They're": "You're",
    "they've": "you've",
    "they'd": "you'd",
    "they'll": "you'll",
}
#: The reader: the same in both voices. Marking them says "this 'you' is the reader".
READER_MARKERS: dict[str, str] = {
    word: word
    for word in (
        "you",
        "You",
        "your",
        "Your",
        "yours",
        "yourself",
        "you're",
        "You're",
        "you've",
        "you'd",
        "you'll",
    )
}
#: The deployment's settings a text may name; filled in from the configuration.
SETTING_NAMES = (
    "emergency_number",
    "urgent_help",
    "urgent_number",
    "crisis_line",
    "crisis_number",
    "clinic_name",
    "clinic_phone",
)
#: What a check uses where no configuration is at hand (the UK's numbers).
EXAMPLE_SETTINGS: dict[str, str] = {
    "emergency_number": "999",
    "urgent_help": "NHS 111",
    "urgent_number": "111",
    "crisis_line": "Samaritans",
    "crisis_number": "116 123",
    "clinic_name": "the clinic",
    "clinic_phone": "020 7946 0000",
}

_MARKER = re.compile(r"\{([^{}]*)\}")
#: A word that speaks to someone, unmarked: in text shown once we know who answers,
#: each must say whether it means the person it is about or the reader.
_SECOND_PERSON = re.compile(
    r"(?<![{\w'’])(you(?:rs|rself|'re|'ve|'d|'ll|r)?|you’(?:re|ve|d|ll))(?![\w}])",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"(?<![{\w'’])(I|I'm|I've|I'd|I'll|I’m|I’ve|I’d|I’ll|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)"
    r"(?![\w}'’])"
)


def markers_in(text: str) -> list[str]:
    """The names between braces in the text, in order."""
    return _MARKER.findall(text)


def unknown_markers(text: str) -> list[str]:
    known = set(PERSON_MARKERS) | set(READER_MARKERS) | set(SETTING_NAMES)
    return [name for name in markers_in(text) if name not in known]


def person_markers(text: str) -> list[str]:
    return [name for name in markers_in(text) if name in PERSON_MARKERS]


def unmarked_second_person(text: str) -> list[str]:
    """Words such as "you" or "your" written without braces."""
    return [match.group(1) for match in _SECOND_PERSON.finditer(text)]


def first_person(text: str) -> list[str]:
    """Words such as "I" or "my": a carer cannot tick "My jaw pulls open"."""
    return [match.group(1) for match in _FIRST_PERSON.finditer(text)]


def render(text: str, voice: Voice, settings: Mapping[str, str]) -> str:
    """Say the text in this voice, with the deployment's settings filled in.

    Unknown names are left as they are: the checker refuses them before this runs.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in PERSON_MARKERS:
            return name if voice == "proxy" else PERSON_MARKERS[name]
        if name in READER_MARKERS:
            return READER_MARKERS[name]
        return settings.get(name, match.group(0))

    return _MARKER.sub(replace, text)
