"""The router: visible pages, completeness, reachability, order and pruning."""

from __future__ import annotations

import pytest

from screener.pathway import route as flow
from screener.questionnaire import Questionnaire

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


def ids(pages: list) -> list[str]:
    return [ref.id for ref in pages]


def test_a_region_page_is_shown_only_when_its_region_is_ticked(
    minimal_questionnaire: Questionnaire,
) -> None:
    q = minimal_questionnaire
    assert ids(flow.Route(q, {"body_regions": ["arm_hand"]}).pages) == [
        "safety_check",
        "body_map",
        "anything_else",
    ]
    assert "neck_page" in ids(flow.Route(q, {"body_regions": ["neck"]}).pages)


def test_optional_questions_do_not_block_a_page(
    minimal_questionnaire: Questionnaire,
) -> None:
    q = minimal_questionnaire
    neck = q.page("neck_page")
    answers = {"body_regions": ["neck"], "neck_turn": "no"}
    assert flow.Route(q, answers).is_complete(neck)
    assert not flow.Route(q, {"body_regions": ["neck"]}).is_complete(neck)


def test_pages_open_in_order(minimal_questionnaire: Questionnaire) -> None:
    q = minimal_questionnaire
    answers = {"safety_now": ["none"], "who_answering": "self"}
    route = flow.Route(q, answers)
    assert route.first_incomplete.id == "body_map"
    assert not route.is_finished
    assert route.is_reachable(q.page("body_map"))
    assert not route.is_reachable(q.page("anything_else"))


def test_next_and_previous_skip_hidden_pages(
    minimal_questionnaire: Questionnaire,
) -> None:
    q = minimal_questionnaire
    answers = {"safety_now": ["none"], "body_regions": ["arm_hand"]}
    route = flow.Route(q, answers)
    assert route.next_page(q.page("body_map")).id == "anything_else"
    assert route.previous_page(q.page("anything_else")).id == "body_map"
    assert route.next_page(q.page("anything_else")) is None
    assert route.previous_page(q.page("safety_check")) is None


def test_progress_counts_only_sections_that_will_be_shown(
    minimal_questionnaire: Questionnaire,
) -> None:
    q = minimal_questionnaire
    route = flow.Route(q, {"body_regions": ["arm_hand"]})
    progress = route.progress(q.page("anything_else"))
    assert (
        progress.section_number,
        progress.section_count,
        progress.section_title,
    ) == (3, 3, "Anything else")


def test_pruning_drops_answers_to_questions_no_longer_shown(
    minimal_questionnaire: Questionnaire,
) -> None:
    q = minimal_questionnaire
    answers = {
        "safety_now": ["none"],
        "body_regions": ["arm_hand"],
        "neck_turn": "yes",
        "neck_pain": 4,
        "age_now": 30,
    }
    assert flow.prune(q, answers) == {
        "safety_now": ["none"],
        "body_regions": ["arm_hand"],
        "age_now": 30,
    }


def test_pruning_keeps_only_choices_still_offered(questionnaire: Questionnaire) -> None:
    # "Which came first" offers the regions ticked; un-ticking one withdraws its answer.
    answers = {"body_regions": ["neck", "eyes"], "first_region": "neck"}
    assert flow.prune(questionnaire, answers)["first_region"] == "neck"
    answers["body_regions"] = ["eyes", "voice"]
    assert "first_region" not in flow.prune(questionnaire, answers)
