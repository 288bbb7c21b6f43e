"""The identifier detector (screener/identifiers) on the cases in
tests/data/identifier_cases.yaml: text that must warn, with what it must find, and
near-misses that must not. The cases are data; this file runs each one, then checks
the properties every result must have (sorted, never overlapping, `marked` giving
the text back) on all of them and on generated text.

Nothing here touches a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from itertools import pairwise
from pathlib import Path
from typing import get_args

import pytest
import yaml
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from screener.identifiers import Finding
from screener.identifiers import Kind
from screener.identifiers import find_identifiers
from screener.identifiers import marked
from screener.identifiers.findings import resolve
from screener.identifiers.nhs import passes_modulus_11
from screener.identifiers.warning import looks_like

#: Pure text processing: the same on any database engine.
pytestmark = pytest.mark.one_engine

CASES = Path(__file__).resolve().parent / "data" / "identifier_cases.yaml"
REGION = "GB"


@dataclass(frozen=True)
class WarnCase:
    text: str
    kinds: list[Kind]
    found: list[str] | None = None
    region: str = REGION


@dataclass(frozen=True)
class QuietCase:
    text: str
    why: str
    region: str = REGION


@dataclass(frozen=True)
class Cases:
    warn: list[WarnCase] = field(default_factory=list)
    quiet: list[QuietCase] = field(default_factory=list)


def load_cases() -> Cases:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return Cases(
        warn=[WarnCase(**item) for item in data["warn"]],
        quiet=[QuietCase(**item) for item in data["quiet"]],
    )


LOADED = load_cases()
ALL_TEXTS = [case.text for case in LOADED.warn] + [case.text for case in LOADED.quiet]


def case_id(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


def test_the_case_file_is_sound() -> None:
    kinds = set(get_args(Kind))
    for case in LOADED.warn:
        assert case.kinds, f"{case.text!r} warns of nothing"
        assert set(case.kinds) <= kinds, case.text
        if case.found is not None:
            assert len(case.found) == len(case.kinds), case.text
            for part in case.found:
                assert part in case.text, f"{part!r} is not in {case.text!r}"
    for quiet in LOADED.quiet:
        assert quiet.why.strip(), f"{quiet.text!r} says not why it is quiet"
    # Every kind has cases that must warn.
    assert {kind for case in LOADED.warn for kind in case.kinds} == kinds
    assert len(set(ALL_TEXTS)) == len(ALL_TEXTS), "a case is listed twice"


@pytest.mark.parametrize(
    "case", LOADED.warn, ids=[case_id(case.text) for case in LOADED.warn]
)
def test_warns(case: WarnCase) -> None:
    findings = find_identifiers(case.text, case.region)
    described = [(found.kind, found.text) for found in findings]
    assert [found.kind for found in findings] == case.kinds, described
    if case.found is not None:
        assert [found.text for found in findings] == case.found, described


@pytest.mark.parametrize(
    "case", LOADED.quiet, ids=[case_id(case.text) for case in LOADED.quiet]
)
def test_stays_quiet(case: QuietCase) -> None:
    findings = find_identifiers(case.text, case.region)
    assert findings == [], f"{case.why}: {[(f.kind, f.text) for f in findings]}"


def test_mixed_sentence_offsets() -> None:
    text = "Call me on 07700 900123 or email jo.bloggs@example.com"
    assert find_identifiers(text, "GB") == [
        Finding("phone", 11, 23, "07700 900123"),
        Finding("email", 33, 54, "jo.bloggs@example.com"),
    ]
    assert text[11:23] == "07700 900123"
    assert text[33:54] == "jo.bloggs@example.com"


@pytest.mark.parametrize("text", ALL_TEXTS, ids=[case_id(text) for text in ALL_TEXTS])
def test_findings_are_sorted_slices_that_never_overlap(text: str) -> None:
    check_findings(text, find_identifiers(text, REGION))


def test_all_cases_together_never_overlap() -> None:
    # Run together, each case's findings could meet the next case's.
    for joiner in (" ", "\n", ""):
        text = joiner.join(ALL_TEXTS)
        check_findings(text, find_identifiers(text, REGION))


@pytest.mark.parametrize("text", ALL_TEXTS, ids=[case_id(text) for text in ALL_TEXTS])
def test_marked_gives_the_text_back(text: str) -> None:
    findings = find_identifiers(text, REGION)
    pieces = marked(text, findings)
    assert "".join(piece for piece, _ in pieces) == text
    assert all(piece for piece, _ in pieces), "an empty piece"
    assert [(piece, kind) for piece, kind in pieces if kind is not None] == [
        (found.text, found.kind) for found in findings
    ]
    # Plain pieces are never side by side: they would be one piece.
    kinds = [kind for _, kind in pieces]
    assert not any(a is None and b is None for a, b in pairwise(kinds))


def test_marked_pieces() -> None:
    text = "ring 020 7946 0000 today"
    assert marked(text, find_identifiers(text, "GB")) == [
        ("ring ", None),
        ("020 7946 0000", "phone"),
        (" today", None),
    ]
    assert marked("", []) == []
    assert marked("nothing here", []) == [("nothing here", None)]
    whole = "jo@example.com"
    assert marked(whole, find_identifiers(whole, "GB")) == [(whole, "email")]


def test_marked_refuses_overlapping_or_foreign_findings() -> None:
    text = "abcdef"
    with pytest.raises(ValueError, match="overlap"):
        marked(text, [Finding.of("name", text, 0, 3), Finding.of("name", text, 2, 5)])
    with pytest.raises(ValueError, match="not part of this text"):
        marked(text, [Finding("name", 0, 3, "xyz")])


def test_overlaps_keep_the_longer_then_the_more_specific() -> None:
    text = "0123456789"
    short = Finding.of("nhs_number", text, 0, 4)
    long = Finding.of("name", text, 2, 9)
    assert resolve([short, long]) == [long]
    # Equally long: the more specific kind wins, whichever came first.
    phone = Finding.of("phone", text, 0, 10)
    nhs = Finding.of("nhs_number", text, 0, 10)
    assert resolve([phone, nhs]) == [nhs]
    assert resolve([nhs, phone]) == [nhs]
    # The same finding twice is one.
    assert resolve([phone, phone]) == [phone]
    # Apart, both stay, sorted by start.
    later = Finding.of("postcode", text, 6, 8)
    earlier = Finding.of("email", text, 1, 3)
    assert resolve([later, earlier]) == [earlier, later]


def test_an_email_address_beats_the_web_address_inside_it() -> None:
    text = "jo.bloggs@example.com"
    assert [found.kind for found in find_identifiers(text, "GB")] == ["email"]


def test_a_finding_must_be_a_slice() -> None:
    with pytest.raises(ValueError, match="slice"):
        Finding("name", 3, 3, "")
    with pytest.raises(ValueError, match="slice"):
        Finding("name", 0, 2, "abc")


def nhs_check_by_hand(digits: str) -> bool:
    """The NHS number check, written out independently of the module."""
    weights = [10, 9, 8, 7, 6, 5, 4, 3, 2]
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    check = (11 - remainder) % 11
    return check != 10 and check == int(digits[-1])


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        (
            "9434765919",
            True,
        ),  # 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 % 11 = 2
        ("9990000018", True),
        ("9990000026", True),
        ("9434765918", False),
        ("9990000019", False),
        ("2015550123", False),
        ("943476591", False),  # nine digits
    ],
)
def test_modulus_11(digits: str, valid: bool) -> None:
    assert passes_modulus_11(digits) is valid
    if len(digits) == 10:
        assert nhs_check_by_hand(digits) is valid


def test_the_fictional_nhs_numbers_in_the_cases_pass_the_check() -> None:
    for number in ("943 476 5919", "943-476-5919", "999 000 0018"):
        digits = number.replace(" ", "").replace("-", "")
        assert nhs_check_by_hand(digits), number


def test_every_kind_has_its_sentence() -> None:
    for kind in get_args(Kind):
        assert looks_like(kind).startswith("This looks like "), kind
    assert looks_like("nhs_number") == "This looks like an NHS number."


def test_the_region_decides_national_numbers() -> None:
    # A US number in national form is no number in the UK, and the other way round.
    us = "call (201) 555-0123"
    assert [f.kind for f in find_identifiers(us, "US")] == ["phone"]
    assert find_identifiers(us, "GB") == []
    gb = "call 020 7946 0000"
    assert [f.kind for f in find_identifiers(gb, "GB")] == ["phone"]
    assert [f.kind for f in find_identifiers(gb, "gb")] == ["phone"]
    # With the country code, any region finds it.
    assert [f.kind for f in find_identifiers("+44 20 7946 0000", "US")] == ["phone"]


# Characters that make detectors start and stop: digits, separators, letters of the
# cue words, "@", dots and brackets, and some that are not ASCII.
_ALPHABET = st.sampled_from(
    list("0123456789 -/.:@()[]\n'’aAtTdDoOmMbBrnNsSwWcCeEhHiIjJlLpPkKyY+é٣")
)
_PIECES = st.sampled_from(
    [
        "Dr ",
        "my name is ",
        "I'm ",
        "born ",
        "DOB ",
        " at ",
        " dot ",
        "www.",
        "https://",
        ".com",
        ".uk",
        "07700 900123",
        "943 476 5919",
        "SW1A 1AA",
        "12/03/1985",
        "Jo ",
        "Bloggs",
        "March",
    ]
)


@settings(max_examples=300, database=None, deadline=None)
@given(st.lists(st.one_of(_ALPHABET, _PIECES), max_size=40).map("".join))
def test_any_text_gives_sorted_slices_that_mark_back(text: str) -> None:
    findings = find_identifiers(text, REGION)
    check_findings(text, findings)
    assert "".join(piece for piece, _ in marked(text, findings)) == text


def check_findings(text: str, findings: list[Finding]) -> None:
    for found in findings:
        assert text[found.start : found.end] == found.text
        assert found.text, "an empty finding"
    for before, after in pairwise(findings):
        assert before.end <= after.start, f"{before} overlaps {after}"
