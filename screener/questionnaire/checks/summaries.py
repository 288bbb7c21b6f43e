"""What the patient's key points and the staff synopsis restate: questions and answer
codes that exist, and the regions and sides the distribution pattern reads. A typo
here would silently drop a line from every summary, so it is refused like any other
broken reference."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator

from ..document import Questionnaire
from ..model import ChoiceQuestionBase
from ..model import SingleChoiceQuestion
from ..problems import Problem


def restated_answers(q: Questionnaire) -> list[Problem]:
    return [*_key_point_problems(q), *_synopsis_problems(q), *_distribution(q)]


def _codes(q: Questionnaire, question_ids: Iterable[str]) -> set[str]:
    return {
        choice.code
        for question_id in question_ids
        if q.has_question(question_id)
        for question in [q.question(question_id)]
        if isinstance(question, ChoiceQuestionBase)
        for choice in q.options(question)
    }


def _line_problems(
    q: Questionnaire, where: str, answers: list[str], leave_out: list[str]
) -> Iterator[Problem]:
    for question_id in answers:
        if not q.has_question(question_id):
            yield Problem(where, f"no question has the id '{question_id}'")
    for code in sorted(set(leave_out) - _codes(q, answers)):
        yield Problem(where, f"leave_out: none of its questions has '{code}'")


def _key_point_problems(q: Questionnaire) -> Iterator[Problem]:
    layout = q.file.summary
    every_code = _codes(q, (question.id for question in q.questions()))
    for code in sorted(set(layout.quiet_answers) - every_code):
        yield Problem("summary", f"quiet_answers: no question has the answer '{code}'")
    for point in layout.key_points:
        where = f"key point '{point.id}'"
        yield from _line_problems(q, where, point.answers, point.leave_out)


def _synopsis_problems(q: Questionnaire) -> Iterator[Problem]:
    # (The findings' conditions are checked with every other condition, in structure.)
    for line in q.file.synopsis.lines:
        where = f"synopsis line '{line.id}'"
        yield from _line_problems(q, where, line.answers, line.leave_out)


def _distribution(q: Questionnaire) -> Iterator[Problem]:
    settings = q.file.synopsis.distribution
    where = "synopsis distribution"
    regions = {choice.code for choice in q.regions}
    named = {code for pair in settings.adjacent for code in pair}
    named |= {settings.trunk, *settings.sides, *settings.hemi}
    for code in sorted(named - regions):
        yield Problem(where, f"'{code}' is not a body region")
    for region, question_id in settings.sides.items():
        if not q.has_question(question_id) or not isinstance(
            q.question(question_id), SingleChoiceQuestion
        ):
            yield Problem(
                where,
                f"sides: '{question_id}' (for '{region}') is not a single-choice "
                "question",
            )
    for region in sorted(set(settings.hemi) - set(settings.sides)):
        yield Problem(where, f"hemi: '{region}' has no side question in sides")
    side_codes = _codes(q, settings.sides.values())
    for code in sorted(set(settings.left + settings.right) - side_codes):
        yield Problem(where, f"no side question has the answer '{code}'")
