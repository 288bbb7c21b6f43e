"""The summary: what the patient told us, one advice for all, matching education."""

from __future__ import annotations

import pytest

from screener.pathway import summary
from screener.questionnaire import Questionnaire

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


ROUTINE = {
    "safety_now": ["none"],
    "who_answering": "self",
    "body_regions": ["arm_hand"],
    "age_now": 40,
}


def test_answers_are_grouped_by_section_in_order(
    minimal_questionnaire: Questionnaire,
) -> None:
    built = summary.build(minimal_questionnaire, ROUTINE)
    assert [section.title for section in built.sections] == [
        "Safety check",
        "The body",
        "Anything else",
    ]
    body = built.sections[1].lines
    assert [(line.question.id, line.text) for line in body] == [
        ("body_regions", "Arm or hand")
    ]


def test_answers_are_said_in_words(minimal_questionnaire: Questionnaire) -> None:
    q = minimal_questionnaire
    assert (
        summary.answer_text(q, q.question("body_regions"), ["neck", "arm_hand"])
        == "Neck, Arm or hand"
    )
    assert summary.answer_text(q, q.question("neck_turn"), "not_sure") == "Not sure"
    assert (
        summary.answer_text(q, q.question("neck_pain"), 3)
        == "3 on a scale from 0 (No pain) to 10 (Worst pain)"
    )
    assert summary.answer_text(q, q.question("age_now"), 40) == "40 years"
    assert summary.answer_text(q, q.question("other"), None) == "Not answered"


def test_everyone_gets_the_same_recommendation(
    minimal_questionnaire: Questionnaire,
) -> None:
    q = minimal_questionnaire
    quiet = summary.build(q, ROUTINE)
    urgent = summary.build(
        q,
        {
            **ROUTINE,
            "safety_now": ["breathing"],
            "body_regions": ["neck"],
            "neck_turn": "yes",
        },
    )
    assert quiet.recommendation == urgent.recommendation == q.file.recommendation
    assert quiet.safety_net == urgent.safety_net


def test_education_follows_the_answers(minimal_questionnaire: Questionnaire) -> None:
    q = minimal_questionnaire
    assert [m.id for m in summary.build(q, ROUTINE).education] == ["not_a_diagnosis"]
    with_neck = {**ROUTINE, "body_regions": ["neck"], "neck_turn": "no"}
    assert [m.id for m in summary.build(q, with_neck).education] == [
        "not_a_diagnosis",
        "neck_info",
    ]


def test_emergency_flags_are_picked_out(minimal_questionnaire: Questionnaire) -> None:
    built = summary.build(
        minimal_questionnaire, {**ROUTINE, "safety_now": ["breathing"]}
    )
    (raised,) = built.emergency_flags
    assert raised.flag.id == "breathing"
    assert raised.told_us == [
        ("Is any of this happening now?", "Trouble breathing or swallowing")
    ]
    assert built.other_flags == {}
    assert summary.build(minimal_questionnaire, ROUTINE).flags == {}


def test_hidden_questions_never_appear(minimal_questionnaire: Questionnaire) -> None:
    # A stale answer to a page the patient no longer sees is not restated.
    built = summary.build(minimal_questionnaire, {**ROUTINE, "neck_turn": "yes"})
    assert "neck_turn" not in [
        line.question.id for s in built.sections for line in s.lines
    ]


def test_the_summary_speaks_about_them_when_someone_else_answers(
    minimal_questionnaire: Questionnaire,
) -> None:
    own = summary.build(minimal_questionnaire, ROUTINE)
    carer = summary.build(
        minimal_questionnaire, {**ROUTINE, "who_answering": "someone_else"}
    )
    (own_body,) = own.sections[1].lines
    (carer_body,) = carer.sections[1].lines
    assert own_body.question.text == "Where do you notice the problem?"
    assert carer_body.question.text == "Where do they notice the problem?"
    (own_module,) = own.education
    (carer_module,) = carer.education
    assert own_module.paragraphs == [
        "Only a doctor who examines you can say what is causing your symptoms."
    ]
    assert carer_module.paragraphs == [
        "Only a doctor who examines them can say what is causing their symptoms."
    ]


def test_key_points_restate_the_answers_named_in_the_file(
    minimal_questionnaire: Questionnaire,
) -> None:
    q = minimal_questionnaire
    answers = {**ROUTINE, "body_regions": ["neck"], "neck_turn": "yes", "neck_pain": 4}
    built = summary.build(q, answers)

    assert built.key_points_title == "Key points"
    assert [(point.label, point.parts) for point in built.key_points] == [
        ("Where in the body", ["Neck"]),
        (
            "The neck",
            [
                f"{q.question('neck_turn').label}: Yes",
                f"{q.question('neck_pain').label}: 4 on a scale from 0 (No pain) "
                "to 10 (Worst pain)",
            ],
        ),
    ]


def test_a_key_point_with_nothing_asked_is_left_out(
    minimal_questionnaire: Questionnaire,
) -> None:
    built = summary.build(minimal_questionnaire, ROUTINE)  # arm: no neck questions
    assert [point.label for point in built.key_points] == ["Where in the body"]


def test_the_advice_given_is_a_key_point(minimal_questionnaire: Questionnaire) -> None:
    q = minimal_questionnaire
    built = summary.build(q, {**ROUTINE, "safety_now": ["breathing"]})
    assert built.key_points[-1].label == "Advice given"
    assert built.key_points[-1].parts == [q.file.red_flag_levels["emergency"].action]


def test_the_compact_table_leaves_out_answers_with_nothing_to_report(
    minimal_questionnaire: Questionnaire,
) -> None:
    built = summary.build(minimal_questionnaire, ROUTINE)
    every = [line.question.id for s in built.sections for line in s.lines]
    compact = [line.question.id for s in built.compact_sections for line in s.lines]

    # "None" to the safety check, and the optional question left blank.
    assert every == ["safety_now", "who_answering", "body_regions", "age_now", "other"]
    assert compact == ["who_answering", "body_regions", "age_now"]
    assert [s.title for s in built.compact_sections] == [
        "Safety check",
        "The body",
        "Anything else",
    ]


def test_a_key_point_leaves_out_the_answers_its_file_entry_names(
    questionnaire: Questionnaire,
) -> None:
    """Every answer set the walk can make: the key points hold answers in the
    patient's words and the file's own labels, nothing else."""
    q = questionnaire
    labels = {point.label for point in q.file.summary.key_points}
    labels.add(q.file.summary.advice_label)
    answers = {
        "who_answering": "self",
        "age_band": "age_41_60",
        "body_regions": ["neck", "arm_hand"],
        "arm_side": "right_main",
        "impact_overall": 3,
        "impact_self_care": "not_at_all",
    }
    built = summary.build(q, answers)
    assert {point.label for point in built.key_points} <= labels
    daily = next(p for p in built.key_points if p.label == "Daily life")
    # "Not at all" is left out of this line by the file's leave_out.
    assert daily.parts == [
        f"{q.question('impact_overall').label}: 3 on a scale "
        f"from 0 (not at all) to 10 (they affect everything)"
    ]
