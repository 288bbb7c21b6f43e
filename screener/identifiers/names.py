"""Names, found from the wording that introduces them.

A name has no shape of its own, so this detector looks only where wording says one
follows, and then wants a capitalised word (up to three: "Jo Anne Bloggs"):

- strong cues: "my name is X" (also "my son's name is X", "her name's X"), and a
  title: Dr, Mr, Mrs, Ms, Mx, Prof ("Dr Smith", "Dr. P. Patel", "dr Jones"), and
  Miss, Doctor, Professor, which are ordinary words too and so take the weak cues'
  list of words that are not names ("I Miss Going Out"). The title is part of what
  is marked. A title with no capitalised word after it ("the Dr said", "my GP") is
  not a name; "St" is not a title, so "St Thomas' hospital" is not one either. "Mr
  Men" counts: a title and a capitalised word is the rule, and a warning the
  patient can dismiss costs little.
- weak cues: "I am X" / "I'm X", "this is X", "call me X", and "called X" or "known
  as X" after a person ("I'm called", "she's called", "my husband is called"; not
  "a drug called Botox"). X must be capitalised and not a common word
  (words.NOT_NAMES), so "I am Tired", "I'm Sure", "I am 45", "I'm worried" and "I
  am English" are not names.

The cue itself may be in any case ("i'm Jo"), the name may not: "my name is jo" is
missed, because a lower-case word after a cue is more often not a name ("my name is
on the list"). When the text is typed in Title Case, capitals mean nothing, so only
the strong cues are used, and only one word of the name is kept (see _title_case).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding
from .words import NOT_NAMES
from .words import SMALL_WORDS
from .words import folded

#: A capitalised word: "Jo", "McDonald", "MacLeod", "O'Brien", "D’Souza",
#: "Smith-Jones", "Jo-anne". Capital letters only at those places, so "OK", "ADHD"
#: and "MS" are not names; and the whole word, so "Co-careldopa" is looked up whole.
_NAME_WORD = r"(?:[A-Z]['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Za-z][a-z]+)*(?![\w-])"
#: Up to three of them, on one line.
_NAME = rf"{_NAME_WORD}(?:[^\S\n]+{_NAME_WORD}){{0,2}}"
_GAP = r"[^\S\n]+"
_APOSTROPHE = "['’]"

_PERSON = (
    r"(?:husband|wife|partner|son|daughter|child|mum|mom|mother|dad|father|brother|"
    r"sister|friend|carer|boyfriend|girlfriend|baby|grandson|granddaughter|"
    r"gp|doctor|consultant|neurologist|nurse|physio|physiotherapist|specialist|"
    r"surgeon)"
)
_OWNER = r"(?:my|our|his|her|their)"

#: "my name is X", "my son's name is X", "her name's X", "my full name is: X". The
#: cue words in any case ((?i:...)); the name's capital is checked case-sensitively.
_MY_NAME_IS = re.compile(
    rf"(?i:\b{_OWNER}(?:{_GAP}\w+{_APOSTROPHE}s)?(?:{_GAP}full)?{_GAP}name"
    rf"(?:{_GAP}is|{_APOSTROPHE}s))(?:{_GAP}|\s*:\s*)(?P<name>{_NAME})"
)
_INITIALS = rf"(?:[A-Z]\.?{_GAP}){{0,2}}"
#: Abbreviated titles, capitalised as titles are; "dr" and "prof" in lower case too,
#: as people type them, but not "ms", which is multiple sclerosis, nor "MR" or "MS"
#: in capitals ("MR scan", "the MS Society").
_TITLE = re.compile(
    rf"(?<![\w.])(?P<name>(?:Dr|dr|Mr|Mrs|Ms|Mx|Prof|prof)\b\.?{_GAP}{_INITIALS}{_NAME})"
)
#: Titles that are also ordinary words ("I Miss Going Out", "the Doctor Today"):
#: they take the longer list of words that are not names.
_TITLE_WORD = re.compile(
    rf"(?<![\w.])(?P<name>(?:Miss|Doctor|Professor){_GAP}{_INITIALS}{_NAME})"
)

#: Weak cues: "I am X", "this is X", "call me X", and "called X" or "known as X"
#: when a person is the one called.
_WEAK = tuple(
    re.compile(rf"(?i:{cue}){_GAP}(?P<name>{_NAME})")
    for cue in (
        rf"\bi(?:{_GAP}am|{_APOSTROPHE}m)",
        rf"\bthis{_GAP}is",
        rf"\bcall{_GAP}me",
        rf"\b(?:i(?:{_GAP}am|{_APOSTROPHE}m)|(?:he|she|they)(?:{_APOSTROPHE}s|"
        rf"{_APOSTROPHE}re|{_GAP}is|{_GAP}are|{_GAP}was)|{_OWNER}{_GAP}{_PERSON}"
        rf"(?:{_APOSTROPHE}s|{_GAP}is|{_GAP}was))(?:{_GAP}(?:also|usually|normally|"
        rf"often|actually))?{_GAP}(?:called|known{_GAP}as)",
    )
)

_TITLE_WORDS = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "doctor"}
)

#: Words that are never capitalised mid-sentence in ordinary writing: when most of
#: them are, the text is in Title Case.
_LOWER_CASE_WORDS = frozenset(
    {"the", "and", "of", "to", "in", "on", "at", "for", "with", "my", "is", "am"}
    | {"are", "was", "have", "has", "a", "an", "it", "that", "but", "or", "from"}
)
#: A word, apostrophes and hyphens included ("O'Brien", "Co-careldopa").
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def find(text: str) -> Iterator[Finding]:
    # Each search: its pattern, and whether its cue is weak (needs the meaningful
    # capitals and the longer list of words that are not names).
    searches = [(_MY_NAME_IS, False), (_TITLE, False), (_TITLE_WORD, True)]
    # In Title Case the capitals say nothing: the weak cues are left out, and a
    # name is one word ("Dr Patel Says It Is" is "Dr Patel").
    title_case = _title_case(text)
    if not title_case:
        searches += [(pattern, True) for pattern in _WEAK]
    longest = 1 if title_case else 3
    for pattern, weak in searches:
        for match in pattern.finditer(text):
            start = match.start("name")
            end = _name_end(text, start, match.end("name"), weak, longest)
            if end is not None:
                yield Finding.of("name", text, start, end)


def _name_end(text: str, start: int, end: int, weak: bool, longest: int) -> int | None:
    """Where the name ends once the words that are not names are left off the end,
    or None when no word that is a name is left (a title and initials are not). At
    most `longest` words of the name are kept.

    A listed word ends the name: "I'm Jo Thanks" is "Jo". A name whose first word
    is listed is none at all ("this is Dystonia", "I am Sure").
    """
    kept = None
    words = 0
    for word in _WORD.finditer(text, start, end):
        found = folded(word.group())
        if found in _TITLE_WORDS or len(found) == 1:
            if kept is not None:
                break  # "Jo Dr ..." or "Jo A ...": the name was "Jo"
            continue
        if words == longest or found in SMALL_WORDS or (weak and _not_a_name(found)):
            break
        kept = word.end()
        words += 1
    return kept


def _not_a_name(word: str) -> bool:
    """After a weak cue: a listed word, or a word in -ing ("I'm Having trouble"),
    which names rarely are and sentences with a stray capital often have."""
    return word in NOT_NAMES or (len(word) > 5 and word.endswith("ing"))


def _title_case(text: str) -> bool:
    """Whether the text capitalises words that ordinary writing never does.

    Counted: the small words in _LOWER_CASE_WORDS that do not start a sentence. Two
    or more, and more than half of them capitalised, is Title Case ("I Am Having
    Spasms In My Neck"); a text full of names but with its small words in lower
    case ("I am Jo Bloggs from Leeds") is not.
    """
    small = capitalised = 0
    for word in _WORD.finditer(text):
        if word.group().lower() not in _LOWER_CASE_WORDS:
            continue
        # Skip back over white space to what comes before: nothing, or the end of a
        # sentence or line, means the word starts a sentence.
        at = word.start()
        while at > 0 and text[at - 1].isspace() and text[at - 1] != "\n":
            at -= 1
        if at == 0 or text[at - 1] in ".!?:;\n":
            continue
        small += 1
        capitalised += word.group()[0].isupper()
    return small >= 2 and capitalised * 2 > small
