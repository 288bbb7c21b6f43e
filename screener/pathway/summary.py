"""The patient's educational summary, built from their answers. Pure: no Flask, no DB.

It restates what the person told us, gives everyone the same recommendation, adds the
education modules that match their answers and the safety net. It never scores, labels
or ranks anything.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Iterator
from dataclasses import dataclass

from ..questionnaire import Answers
from ..questionnaire import AnswerValue
from ..questionnaire import PageRef
from ..questionnaire import Questionnaire
from ..questionnaire import holds
from ..questionnaire.levels import RedFlagLevel
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import EducationModule
from ..questionnaire.model import LevelAdvice
from ..questionnaire.model import NumberQuestion
from ..questionnaire.model import Recommendation
from ..questionnaire.model import RedFlag
from ..questionnaire.model import SafetyNet
from ..questionnaire.model import ScaleQuestion
from . import redflags
from . import route as flow

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class AnswerLine:
    page: PageRef
    question: AnyQuestion
    #: The answer in words, as the patient chose it.
    text: str


@dataclass(frozen=True)
class SectionSummary:
    title: str
    lines: list[AnswerLine]


@dataclass(frozen=True)
class RaisedFlag:
    flag: RedFlag
    #: What the patient told us that raised it: (question, answer in words), one
    #: pair per box ticked, so that labels holding commas are never run together.
    told_us: list[tuple[str, str]]


@dataclass(frozen=True)
class Summary:
    sections: list[SectionSummary]
    #: Raised red flags grouped by level, most urgent first.
    flags: dict[RedFlagLevel, list[RaisedFlag]]
    level_advice: dict[RedFlagLevel, LevelAdvice]
    recommendation: Recommendation
    education: list[EducationModule]
    safety_net: SafetyNet

    @property
    def emergency_flags(self) -> list[RaisedFlag]:
        return self.flags.get("emergency", [])

    @property
    def other_flags(self) -> dict[RedFlagLevel, list[RaisedFlag]]:
        """The raised flags below emergency level, grouped by level."""
        return {
            level: flags for level, flags in self.flags.items() if level != "emergency"
        }


def answer_text(
    q: Questionnaire, question: AnyQuestion, value: AnswerValue | None
) -> str:
    """Say an answer in words: choice labels, "7 out of 10", "45 years" or the text."""
    if value is None:
        return NOT_ANSWERED
    if isinstance(question, ChoiceQuestionBase):
        codes = value if isinstance(value, list) else [str(value)]
        return ", ".join(q.choice_label(question, code) for code in codes)
    if isinstance(question, ScaleQuestion):
        return (
            f"{value} on a scale from {question.min} ({question.min_label}) "
            f"to {question.max} ({question.max_label})"
        )
    if isinstance(question, NumberQuestion) and question.unit:
        return f"{value} {question.unit}"
    return str(value)


def answered_questions(q: Questionnaire, answers: Answers) -> Iterator[AnswerLine]:
    """Yield each question the patient was shown, in order, with the answer in words."""
    route = flow.Route(q, answers)
    for ref in route.pages:
        for question in route.questions(ref):
            yield AnswerLine(
                ref, question, answer_text(q, question, answers.get(question.id))
            )


def raised_flags(
    q: Questionnaire, answers: Answers, only: Collection[str] | None = None
) -> dict[RedFlagLevel, list[RaisedFlag]]:
    """The red flags the answers raise (or those of them in `only`), grouped by level,
    most urgent first, each with what the patient told us that raised it."""
    q = q.for_answers(answers)
    flags = [
        flag for flag in redflags.raised(q, answers) if only is None or flag.id in only
    ]
    return {
        level: [
            RaisedFlag(
                flag,
                [
                    (question.label, answer_text(q, question, part))
                    for question, value in redflags.what_raised(q, flag, answers)
                    for part in (
                        [[code] for code in value]
                        if isinstance(value, list)
                        else [value]
                    )
                ],
            )
            for flag in grouped
        ]
        for level, grouped in redflags.by_level(flags).items()
    }


def build(q: Questionnaire, answers: Answers) -> Summary:
    """Build the summary for these answers, worded for whoever answered."""
    q = q.for_answers(answers)
    sections: list[SectionSummary] = []
    for line in answered_questions(q, answers):
        if not sections or sections[-1].title != line.page.section.title:
            sections.append(SectionSummary(line.page.section.title, []))
        sections[-1].lines.append(line)
    return Summary(
        sections=sections,
        flags=raised_flags(q, answers),
        level_advice=dict(q.file.red_flag_levels),
        recommendation=q.file.recommendation,
        education=[
            m
            for m in q.file.education
            if m.show_if is None or holds(m.show_if, answers)
        ],
        safety_net=q.file.safety_net,
    )
