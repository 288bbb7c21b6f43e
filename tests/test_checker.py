"""The questions.yaml checker: each broken file is rejected, naming place and fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.questionnaire import QuestionnaireError
from screener.questionnaire import WordingRules
from screener.questionnaire import load_questionnaire

from .conftest import DATA
from .conftest import MINIMAL_QUESTIONS
from .conftest import SHIPPED_QUESTIONS

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


BAD = DATA / "bad"

#: Each broken file, and what the message must say about it.
REJECTIONS = [
    (
        "duplicate_id",
        "question 'neck_turn': the id is used 2 times; ids must be unique",
    ),
    (
        "unknown_question",
        "page 'neck_page': condition refers to unknown question 'body_parts'",
    ),
    (
        "unknown_choice",
        "page 'neck_page': unknown choice 'knee' for question 'body_regions'",
    ),
    (
        "forward_show_if",
        "page 'neck_page': show_if refers to 'age_now', "
        "which is not on an earlier page",
    ),
    (
        "same_page_show_if",
        "question 'neck_pain': show_if refers to 'neck_turn', "
        "which is not on an earlier page",
    ),
    (
        "hidden_red_flag",
        "red flag 'neck_turning': uses question 'neck_turn', but its page "
        "'neck_page' has a show_if (body_regions includes neck) that could hide it "
        "while the flag could still be raised",
    ),
    (
        "optional_red_flag",
        "red flag 'breathing': uses question 'safety_now', which is optional; "
        "red-flag questions must be required",
    ),
    (
        "diagnostic_wording",
        "education module 'neck_info': diagnostic wording 'you may have'",
    ),
    ("reading_grade", "question 'neck_turn': reading grade 22.7 is above 8"),
    ("unknown_key", "question 'neck_pain': unknown key 'requird' (check the spelling)"),
    (
        "unknown_type",
        "question 'age_now': unknown type 'date'; use one of 'single_choice'",
    ),
    ("unknown_choice_list", "question 'neck_turn': unknown choice list 'yes_no_maybe'"),
    (
        "wrong_operator",
        "page 'neck_page': 'equals' does not fit question 'safety_now' "
        "(multiple_choice)",
    ),
    (
        "safety_not_first",
        "page 'safety_check': the first page must be the safety check",
    ),
    # libyaml says "in this context", PyYAML "here": either is fine.
    ("invalid_yaml", "not valid YAML: mapping values are not allowed"),
    ("duplicate_key", "not valid YAML: the key 'title' appears twice"),
    (
        "unreachable_show_if",
        "page 'neck_page': its show_if ((who_answering is self and who_answering is "
        "someone_else)) can never be true for any patient",
    ),
    (
        "unmarked_you",
        "question 'neck_turn': 'your' in 'Does your head turn on its own?' must say "
        "whom it means",
    ),
    (
        "person_marker_too_early",
        "question 'safety_now': {them} in 'Is any of this happening to {them} now?' is "
        "shown before we know who is answering",
    ),
    (
        "implied_label",
        "education module 'neck_info': wording that ties the answers to a condition "
        "'recognised feature'",
    ),
    (
        "condition_in_module",
        "education module 'neck_info': names a condition ('dystonia') in text shown "
        "because of the answers",
    ),
    (
        "draft_with_reviewer",
        "provenance: a draft has not been reviewed, so it cannot give reviewed_by, "
        "review_date, next_review",
    ),
    (
        "hard_coded_number",
        "red-flag level 'emergency': the number 999 is written into 'Call 999 now.'; "
        "write {emergency_number}",
    ),
    (
        "slower_help_in_emergency",
        "red-flag level 'emergency': an emergency message names {urgent_help}",
    ),
]


@pytest.mark.parametrize(
    ("name", "expected"), REJECTIONS, ids=[name for name, _ in REJECTIONS]
)
def test_each_broken_file_is_rejected_with_a_clear_message(
    name: str, expected: str
) -> None:
    path = BAD / f"{name}.yaml"
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    message = str(caught.value)
    assert str(path) in message
    assert expected in message


def test_messages_give_the_line_of_the_item() -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(BAD / "unknown_question.yaml")
    (problem,) = caught.value.problems
    line = (BAD / "unknown_question.yaml").read_text().splitlines()[problem.line - 1]
    assert "neck_page" in line


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL_QUESTIONS.read_text()
    text = text.replace(
        "includes: neck}\n        questions", "includes: knee}\n        questions"
    )
    text = text.replace(
        "choice_list: yes_no_unsure",
        "choice_list: yes_no_unsure\n"
        "            show_if: {question: age_now, at_least: 1}",
    )
    broken = tmp_path / "two_problems.yaml"
    broken.write_text(text)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(broken)
    assert len(caught.value.problems) == 2


def test_this_is_not_a_diagnosis_is_allowed(tmp_path: Path) -> None:
    text = MINIMAL_QUESTIONS.read_text().replace(
        "title: This is not a diagnosis",
        "title: Please remember that this is not a diagnosis",
    )
    allowed = tmp_path / "allowed.yaml"
    allowed.write_text(text)
    assert load_questionnaire(allowed).version == "test-1"


def test_the_phrase_list_is_configurable() -> None:
    rules = WordingRules(diagnostic_phrases=("light touch",))
    with pytest.raises(QuestionnaireError, match="diagnostic wording 'light touch'"):
        load_questionnaire(MINIMAL_QUESTIONS, rules)


def test_the_reading_grade_limit_is_configurable() -> None:
    with pytest.raises(QuestionnaireError, match="is above 2"):
        load_questionnaire(MINIMAL_QUESTIONS, WordingRules(max_reading_grade=2))


def test_a_missing_file_is_named() -> None:
    with pytest.raises(
        QuestionnaireError, match=r"nowhere\.yaml: cannot read the file"
    ):
        load_questionnaire(DATA / "nowhere.yaml")


def test_yes_and_no_stay_words_not_booleans() -> None:
    q = load_questionnaire(MINIMAL_QUESTIONS)
    codes = [choice.code for choice in q.file.choice_lists["yes_no_unsure"]]
    assert codes == ["yes", "no", "not_sure"]


def test_the_shipped_questionnaire_passes() -> None:
    q = load_questionnaire(SHIPPED_QUESTIONS)
    assert q.pages[0].id == "safety_check"
    assert len(q.content_hash) == 64
