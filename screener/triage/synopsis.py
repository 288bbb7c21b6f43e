"""The staff synopsis: what a movement-disorder clinician triages on, in one screen.

Its lines come from questions.yaml (`synopsis.lines`), so clinicians choose what feeds
each one; the red flags are named in their clinical words, each with the answers that
raised it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..pathway import redflags
from ..pathway.summary import answer_text
from ..questionnaire import Answers
from ..questionnaire import Questionnaire
from ..questionnaire import holds
from ..questionnaire.levels import RedFlagLevel
from . import distribution


@dataclass(frozen=True)
class Line:
    label: str
    #: Findings named first ("Sensory trick"), then answers restated.
    findings: list[str]
    answers: list[str]


@dataclass(frozen=True)
class Flag:
    level: RedFlagLevel
    clinical: str
    #: "Short question label: answer", one per answer that raised it.
    raised_by: list[str]


@dataclass(frozen=True)
class Synopsis:
    lines: list[Line]
    flags: list[Flag]
    pattern: distribution.Pattern | None

    @property
    def pattern_label(self) -> str | None:
        return distribution.PATTERNS[self.pattern] if self.pattern else None


def build(q: Questionnaire, answers: Answers) -> Synopsis:
    q = q.for_answers(answers)
    return Synopsis(
        lines=[line for line in _lines(q, answers) if line.findings or line.answers],
        flags=flags(q, answers),
        pattern=distribution.pattern(q, answers),
    )


def _lines(q: Questionnaire, answers: Answers) -> list[Line]:
    lines = []
    for line in q.file.synopsis.lines:
        restated = []
        for question_id in line.answers:
            value = answers.get(question_id)
            if value is None or not q.has_question(question_id):
                continue
            ticked = value if isinstance(value, list) else [value]
            if all(code in line.leave_out for code in ticked):
                continue
            question = q.question(question_id)
            text = answer_text(q, question, value)
            restated.append(
                f"{question.label}: {text}" if len(line.answers) > 1 else text
            )
        found = [f.label for f in line.findings if holds(f.when, answers)]
        lines.append(Line(line.label, found, restated))
    return lines


def flags(q: Questionnaire, answers: Answers) -> list[Flag]:
    """The red flags raised, most urgent first, in clinical words."""
    raised = redflags.by_level(redflags.raised(q, answers))
    return [
        Flag(
            level,
            flag.clinical,
            [
                f"{question.label}: {answer_text(q, question, value)}"
                for question, value in redflags.what_raised(q, flag, answers)
            ],
        )
        for level, grouped in raised.items()
        for flag in grouped
    ]
