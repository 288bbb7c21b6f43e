"""Length is a clinical property: questions and pages on each path, and the targets."""

from __future__ import annotations

import pytest
from flask import Flask

from screener.pathway import lengths
from screener.pathway import route as flow
from screener.questionnaire import Questionnaire

from .patient_walk import PatientWalk
from .test_cli import flask

#: The questionnaire's content and logic: the same on any database engine.
pytestmark = pytest.mark.one_engine


def walked(walker: PatientWalk) -> tuple[int, int]:
    """Questions and pages a walk through the test client was shown."""
    route = flow.Route(walker.q, walker.answers)
    return sum(len(route.questions(ref)) for ref in route.pages), len(route.pages)


def test_the_shipped_questionnaire_meets_its_length_targets(
    questionnaire: Questionnaire,
) -> None:
    singles, every = lengths.every_path(questionnaire)
    most, pages = lengths.ONE_REGION_TARGET
    for one in singles:
        assert one.shortest.questions <= most, one
        assert one.shortest.pages <= pages, one
    most, pages = lengths.EVERY_REGION_TARGET
    assert every.longest.questions <= most
    assert every.longest.pages <= pages
    assert questionnaire.pages[0].id == "safety_check"  # the safety page stays first


def test_the_measure_agrees_with_a_patient_walking_the_real_pages(app: Flask) -> None:
    q = app.extensions["screener.questionnaire"]
    for regions in (["neck"], ["leg_foot"]):
        routine = PatientWalk(app.test_client(), q)
        routine.start()
        assert routine.walk({"body_regions": regions}) == "/check-answers"
        measured = lengths.path_lengths(q, regions)
        shown = walked(routine)
        assert shown == (measured.shortest.questions, measured.shortest.pages)
        assert len(routine.pages) == measured.shortest.pages
    everything = PatientWalk(app.test_client(), q, expansive=True)
    everything.start()
    everything.walk()
    regions = everything.answers["body_regions"]
    assert isinstance(regions, list)
    longest = lengths.path_lengths(q, regions).longest
    questions, pages = walked(everything)
    assert questions <= longest.questions
    assert pages <= longest.pages
    assert questions >= longest.questions - 3  # the walk opens nearly every branch


def test_a_small_questionnaire_is_counted_exactly(
    minimal_questionnaire: Questionnaire,
) -> None:
    neck = lengths.path_lengths(minimal_questionnaire, ["neck"])
    # Safety page (2), the body (1), the neck (2), anything else (2).
    assert neck.shortest == neck.longest == lengths.PathLength(7, 4)
    arm = lengths.path_lengths(minimal_questionnaire, ["arm_hand"])
    assert arm.longest == lengths.PathLength(5, 3)


@pytest.mark.processes
def test_the_stats_command_prints_the_paths_and_the_targets() -> None:
    result = flask("questionnaire-stats")  # the real command, as an author runs it
    assert result.returncode == 0, result.stderr
    assert "every region" in result.stdout
    assert "Target for one region, shortest path: at most 35 questions" in result.stdout
    assert "NOT MET" not in result.stdout
