"""The patients of tests/data/summary_patients.yaml, whose printed summary has a page
limit: their answers, ready for `PatientWalk.walk`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from screener.questionnaire import AnswerValue
from screener.questionnaire import Questionnaire
from screener.questionnaire import load_questionnaire

_FILE = Path(__file__).parent / "data" / "summary_patients.yaml"


@dataclass(frozen=True)
class SummaryPatient:
    name: str
    #: The most A4 pages the summary may print on.
    pages: int
    #: Answers that differ from the routine ones.
    overrides: dict[str, AnswerValue]


def summary_patients(q: Questionnaire) -> list[SummaryPatient]:
    patients = []
    for name, entry in yaml.safe_load(_FILE.read_text()).items():
        overrides = dict(entry["answers"])
        if entry.get("every_region"):
            overrides[q.file.regions_question] = [choice.code for choice in q.regions]
        patients.append(SummaryPatient(name, entry["pages"], overrides))
    return patients


def shipped_summary_patients() -> list[SummaryPatient]:
    """The patients for the shipped questions.yaml, for parametrising tests."""
    return summary_patients(load_questionnaire(_FILE.parents[2] / "questions.yaml"))
