"""The staff synopsis, body map and distribution pattern (screener/triage): what they
say, and that none of it ever reaches a patient."""

from __future__ import annotations

import html
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from screener.questionnaire import Answers
from screener.questionnaire import Questionnaire
from screener.triage import body_map
from screener.triage import distribution
from screener.triage import synopsis

from .patient_walk import PatientWalk

#: Regions and sides -> the pattern, by the 2013 consensus' axis I.
PATTERNS: list[tuple[Answers, str | None]] = [
    ({"body_regions": []}, None),
    ({"body_regions": ["neck"]}, "focal"),
    ({"body_regions": ["arm_hand"], "arm_side": "right_main"}, "focal"),
    ({"body_regions": ["arm_hand"], "arm_side": "both"}, "segmental"),
    ({"body_regions": ["eyes", "lower_face"]}, "segmental"),
    ({"body_regions": ["neck", "shoulder"], "shoulder_side": "left"}, "segmental"),
    ({"body_regions": ["eyes", "arm_hand"], "arm_side": "left_main"}, "multifocal"),
    ({"body_regions": ["voice", "leg_foot"], "leg_side": "right"}, "multifocal"),
    (
        {"body_regions": ["neck", "trunk", "leg_foot"], "leg_side": "both"},
        "generalised",
    ),
    (
        {
            "body_regions": ["arm_hand", "leg_foot"],
            "arm_side": "left_other",
            "leg_side": "left",
        },
        "hemi",
    ),
    (
        {
            "body_regions": ["lower_face", "arm_hand", "leg_foot"],
            "arm_side": "right_main",
            "leg_side": "right",
        },
        "hemi",
    ),
    # Arm right, leg left: not one side.
    (
        {
            "body_regions": ["arm_hand", "leg_foot"],
            "arm_side": "right_main",
            "leg_side": "left",
        },
        "multifocal",
    ),
    # Side not known: not hemi.
    (
        {
            "body_regions": ["arm_hand", "leg_foot"],
            "arm_side": "not_sure",
            "leg_side": "left",
        },
        "multifocal",
    ),
    # The trunk and one other: not generalised.
    ({"body_regions": ["trunk", "leg_foot"], "leg_side": "left"}, "segmental"),
]


@pytest.mark.parametrize(("answers", "expected"), PATTERNS)
def test_the_distribution_pattern_follows_the_consensus(
    questionnaire: Questionnaire, answers: Answers, expected: str | None
) -> None:
    assert distribution.pattern(questionnaire, answers) == expected


def test_the_synopsis_names_findings_and_restates_answers(
    questionnaire: Questionnaire,
) -> None:
    answers = {
        "who_answering": "parent_child",
        "age_band": "under_16",
        "body_regions": ["neck"],
        "eases_with": ["trick", "sleep"],
        "treatments_tried": ["botox_recent", "physio"],
    }
    built = synopsis.build(questionnaire, answers)
    lines = {line.label: line for line in built.lines}

    assert lines["Hallmarks"].findings == ["Sensory trick", "Absent in sleep"]
    treatments = lines["Treatment so far"]
    assert treatments.findings == ["Botulinum toxin in the last 3 months"]
    who = questionnaire.question("who_answering")
    assert lines["Answered by"].answers == [
        questionnaire.choice_label(who, "parent_child")
    ]
    assert built.pattern == "focal"
    # Lines with nothing to say are left out.
    assert "Family history" not in lines


def test_a_flag_reads_in_clinical_words_with_what_raised_it(
    questionnaire: Questionnaire,
) -> None:
    answers = {
        "who_answering": "self",
        "age_band": "age_21_40",
        "medicines_taken": ["mental_health"],
        "medicine_timing": ["within_week"],
        "time_since_start": "under_1_month",
    }
    flags = {flag.clinical: flag for flag in synopsis.flags(questionnaire, answers)}
    reaction = next(
        flag
        for flag in questionnaire.file.red_flags
        if flag.id == "new_medicine_recent"
    )
    raised = flags[reaction.clinical]
    assert raised.level == reaction.level
    timing = questionnaire.question("medicine_timing")
    assert any(
        part.startswith(f"{timing.label}: Within a week") for part in raised.raised_by
    )


def test_the_body_map_fills_the_sides_reported(questionnaire: Questionnaire) -> None:
    drawn = body_map.body_map(
        questionnaire,
        {
            "body_regions": ["neck", "arm_hand", "leg_foot"],
            "arm_side": "right_main",
            "leg_side": "not_sure",
        },
    )
    states = {(s.region, s.attributes.get("x")): s.state for s in drawn.shapes}
    assert states[("neck", "88")] == "reported"
    assert states[("arm_hand", "44")] == "reported"  # the patient's right
    assert states[("arm_hand", "136")] == ""
    assert {states[("leg_foot", "75")], states[("leg_foot", "102")]} == {"side-unknown"}
    assert drawn.described == [
        "Neck",
        "Arm or hand (right)",
        "Leg or foot (side not known)",
    ]


def test_the_staff_page_shows_the_synopsis_map_and_pattern(
    app: Flask, staff_client: FlaskClient, questionnaire: Questionnaire
) -> None:
    walker = PatientWalk(app.test_client(), questionnaire)
    reference = walker.complete({"body_regions": ["eyes", "lower_face"]})
    page = html.unescape(
        staff_client.get(f"/staff/submissions/{reference}").get_data(as_text=True)
    )
    assert '<svg class="body-map__figure"' in page
    assert (
        "Regions reported: Eyes and eyelids; Lower face, mouth, jaw or tongue." in page
    )
    assert '<span class="tag tag--pattern">Segmental</span>' in page
    assert distribution.CAVEAT in page
    assert "<details" in page  # the answers fold away by section
    assert "with nothing to report" in page
    # No asset to fetch: the map is drawn in the page.
    assert "<img" not in page


def test_no_patient_ever_sees_the_pattern_or_the_clinical_words(
    app: Flask, client: FlaskClient, questionnaire: Questionnaire
) -> None:
    """Every patient page on the way, the summary, its preview and the PDF, for a
    patient whose regions make every pattern word and several flags apply."""
    walker = PatientWalk(client, questionnaire, expansive=True)
    regions = [choice.code for choice in questionnaire.regions]
    walker.start()
    walker.walk({"body_regions": regions})
    pages = [*walker.page_html.values(), *walker.advice_pages]
    pages.append(client.get("/check-answers").get_data(as_text=True))
    pages.append(client.get("/summary/preview").get_data(as_text=True))
    preview_pdf = client.get("/summary/preview.pdf").data
    client.post("/submit")
    pages.append(client.get("/summary").get_data(as_text=True))
    pdf = client.get("/summary.pdf").data
    # What a patient can read: the pages' text, without the markup (where answer
    # codes such as "overflow" are values, not words shown).
    texts = [html.unescape(re.sub(r"<[^>]+>", " ", page)).lower() for page in pages]
    for document in (preview_pdf, pdf):
        reader = PdfReader(io.BytesIO(document))
        texts.append(" ".join(p.extract_text() for p in reader.pages).lower())

    words = [label.lower() for label in distribution.PATTERNS.values()]
    words += ["pattern of the regions", distribution.CAVEAT.lower()]
    words += [flag.clinical.lower() for flag in questionnaire.file.red_flags]
    finding_labels = [
        finding.label.lower()
        for line in questionnaire.file.synopsis.lines
        for finding in line.findings
    ]
    for text in texts:
        for word in words + finding_labels:
            # Whole words: "focal" is not in "vocal".
            assert not re.search(rf"\b{re.escape(word)}\b", text), word
