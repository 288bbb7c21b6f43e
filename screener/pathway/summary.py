"""The patient's educational summary, built from their answers. Pure: no DB, no
request needed (its few words of its own, such as "Not answered", are in the
request's language when there is one, else English).

It restates what the person told us, gives everyone the same recommendation, adds the
education modules that match their answers and the safety net. It never scores, labels
or ranks anything.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Iterator
from dataclasses import dataclass

from ..languages.text import gettext
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


@dataclass(frozen=True)
class AnswerLine:
    page: PageRef
    question: AnyQuestion
    #: The answer in words, as the patient chose it.
    text: str
    #: True for an unanswered question or an answer that says there is nothing to
    #: report ("None of these", "Never"): the compact table leaves these out.
    quiet: bool = False


@dataclass(frozen=True)
class SectionSummary:
    title: str
    lines: list[AnswerLine]

    @property
    def telling_lines(self) -> list[AnswerLine]:
        """The lines that say something: what the compact table shows."""
        return [line for line in self.lines if not line.quiet]


@dataclass(frozen=True)
class KeyPointLine:
    label: str
    #: The answers in words; each prefixed with its question's short label when the
    #: line draws on more than one question, so that "21 to 40" says what it is.
    parts: list[str]


@dataclass(frozen=True)
class RaisedFlag:
    flag: RedFlag
    #: What the patient told us that raised it: (question, answer in words), one
    #: pair per box ticked, so that labels holding commas are never run together.
    told_us: list[tuple[str, str]]


@dataclass(frozen=True)
class Summary:
    key_points_title: str
    key_points: list[KeyPointLine]
    sections: list[SectionSummary]
    #: Raised red flags grouped by level, most urgent first.
    flags: dict[RedFlagLevel, list[RaisedFlag]]
    level_advice: dict[RedFlagLevel, LevelAdvice]
    recommendation: Recommendation
    education: list[EducationModule]
    safety_net: SafetyNet

    @property
    def compact_sections(self) -> list[SectionSummary]:
        """The sections with something to report, holding only those lines."""
        return [
            SectionSummary(section.title, section.telling_lines)
            for section in self.sections
            if section.telling_lines
        ]

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
        return gettext("Not answered")
    if isinstance(question, ChoiceQuestionBase):
        codes = value if isinstance(value, list) else [str(value)]
        return ", ".join(q.choice_label(question, code) for code in codes)
    if isinstance(question, ScaleQuestion):
        return gettext(
            "%(value)s on a scale from %(min)s (%(min_label)s) "
            "to %(max)s (%(max_label)s)",
            value=value,
            min=question.min,
            min_label=question.min_label,
            max=question.max,
            max_label=question.max_label,
        )
    if isinstance(question, NumberQuestion) and question.unit:
        return f"{value} {question.unit}"
    return str(value)


def _says_nothing(value: AnswerValue | None, codes: Collection[str]) -> bool:
    """Unanswered, or only answer codes among `codes` (such as "none", "never")."""
    if value is None:
        return True
    ticked = value if isinstance(value, list) else [value]
    return all(isinstance(code, str) and code in codes for code in ticked)


def answered_questions(q: Questionnaire, answers: Answers) -> Iterator[AnswerLine]:
    """Yield each question the patient was shown, in order, with the answer in words."""
    route = flow.Route(q, answers)
    quiet = set(q.file.summary.quiet_answers)
    for ref in route.pages:
        for question in route.questions(ref):
            value = answers.get(question.id)
            yield AnswerLine(
                ref,
                question,
                answer_text(q, question, value),
                quiet=_says_nothing(value, quiet),
            )


def key_points(
    q: Questionnaire, answers: Answers, flags: dict[RedFlagLevel, list[RaisedFlag]]
) -> list[KeyPointLine]:
    """The summary's first lines: a few answers restated, and any advice given.

    Only questions on the patient's path count (an answer kept from a path since
    left is never stored, see `flow.prune`); a line with nothing left is dropped.
    """
    layout = q.file.summary
    lines: list[KeyPointLine] = []
    for point in layout.key_points:
        parts = []
        for question_id in point.answers:
            value = answers.get(question_id)
            if value is None or _says_nothing(value, point.leave_out):
                continue
            question = q.question(question_id)
            text = answer_text(q, question, value)
            parts.append(
                f"{question.label}: {text}" if len(point.answers) > 1 else text
            )
        if parts:
            lines.append(KeyPointLine(point.label, parts))
    if flags:
        actions = [q.file.red_flag_levels[level].action for level in flags]
        lines.append(KeyPointLine(layout.advice_label, actions))
    return lines


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
    flags = raised_flags(q, answers)
    return Summary(
        key_points_title=q.file.summary.key_points_title,
        key_points=key_points(q, answers, flags),
        sections=sections,
        flags=flags,
        level_advice=dict(q.file.red_flag_levels),
        recommendation=q.file.recommendation,
        education=[
            m
            for m in q.file.education
            if m.show_if is None or holds(m.show_if, answers)
        ],
        safety_net=q.file.safety_net,
    )
