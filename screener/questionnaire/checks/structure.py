"""Whole-file rules for questions.yaml: ids, choices, and conditions that refer only to
questions that exist, on earlier pages, with tests that fit them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..conditions import comparisons
from ..document import PageRef
from ..document import Questionnaire
from ..model import ChoiceQuestionBase
from ..model import Comparison
from ..model import Condition
from ..model import MultipleChoiceQuestion
from ..model import Note
from ..model import NumberQuestion
from ..model import QuestionnaireFile
from ..model import ScaleQuestion
from ..model import SingleChoiceQuestion
from ..problems import Problem
from .summaries import restated_answers

#: Which tests fit which question type.
_OPERATORS_BY_TYPE: dict[type, set[str]] = {
    SingleChoiceQuestion: {"equals", "one_of", "not_one_of"},
    MultipleChoiceQuestion: {"includes", "includes_any", "selected_at_least"},
    ScaleQuestion: {"at_least", "at_most"},
    NumberQuestion: {"at_least", "at_most"},
}
_CODE_OPERATORS = {"equals", "one_of", "not_one_of", "includes", "includes_any"}


def duplicate_ids(file: QuestionnaireFile) -> list[Problem]:
    """Find ids used twice: each kind of item needs ids unique across the file."""
    kinds = {
        "section": [s.id for s in file.sections],
        "page": [p.id for s in file.sections for p in s.pages],
        "question": [q.id for s in file.sections for p in s.pages for q in p.questions],
        "red flag": [f.id for f in file.red_flags],
        "education module": [m.id for m in file.education],
        "key point": [point.id for point in file.summary.key_points],
        "synopsis line": [line.id for line in file.synopsis.lines],
    }
    return [
        Problem(f"{kind} '{item}'", f"the id is used {count} times; ids must be unique")
        for kind, ids in kinds.items()
        for item, count in Counter(ids).items()
        if count > 1
    ]


def structure(q: Questionnaire) -> list[Problem]:
    """Check choices, conditions, red flags and the body map against the questions."""
    problems = list(_choice_problems(q))
    if problems:  # later checks look choices up, so they need these to be sound
        return problems
    for ref in q.pages:
        if ref.page is ref.section.pages[0] and ref.section.show_if is not None:
            where = f"section '{ref.section.id}'"
            problems += condition_problems(q, ref.section.show_if, where, before=ref)
        if ref.page.show_if is not None:
            problems += condition_problems(
                q, ref.page.show_if, f"page '{ref.id}'", before=ref
            )
        for note in ref.page.guidance:
            if isinstance(note, Note):
                where = f"page '{ref.id}' (a note)"
                problems += condition_problems(q, note.show_if, where, before=ref)
        for question in ref.page.questions:
            if question.show_if is not None:
                where = f"question '{question.id}'"
                problems += condition_problems(q, question.show_if, where, before=ref)
    for module in q.file.education:
        if module.show_if is not None:
            problems += condition_problems(
                q, module.show_if, f"education module '{module.id}'"
            )
    problems += _voicecondition_problems(q)
    for flag in q.file.red_flags:
        problems += condition_problems(q, flag.when, f"red flag '{flag.id}'")
    section_ids = {section.id for section in q.file.sections}
    for block in q.file.dashboard:
        where = f"dashboard section '{block.section}'"
        if block.section not in section_ids:
            problems.append(Problem(where, "no section has this id"))
        for indicator in block.indicators:
            problems += condition_problems(q, indicator.when, where)
    for line in q.file.synopsis.lines:
        for finding in line.findings:
            where = f"synopsis line '{line.id}'"
            problems += condition_problems(q, finding.when, where)
    problems += restated_answers(q)
    regions = q.file.regions_question
    if not q.has_question(regions) or not isinstance(
        q.question(regions), MultipleChoiceQuestion
    ):
        problems.append(
            Problem(
                "regions_question", f"'{regions}' is not a multiple-choice question"
            )
        )
    return problems


def _choice_problems(q: Questionnaire) -> Iterator[Problem]:
    for question in q.questions():
        if not isinstance(question, ChoiceQuestionBase):
            continue
        where = f"question '{question.id}'"
        if (
            question.choice_list is not None
            and question.choice_list not in q.file.choice_lists
        ):
            yield Problem(where, f"unknown choice list '{question.choice_list}'")
            continue
        if question.choices_from is not None:
            yield from _choices_from_problems(q, question, where)
            continue
        codes = [choice.code for choice in q.options(question)]
        for code, count in Counter(codes).items():
            if count > 1:
                yield Problem(where, f"choice code '{code}' is used {count} times")
        if isinstance(question, SingleChoiceQuestion) and any(
            c.exclusive for c in q.options(question)
        ):
            yield Problem(
                where, "`exclusive` only makes sense in a multiple-choice question"
            )


def _choices_from_problems(
    q: Questionnaire, question: ChoiceQuestionBase, where: str
) -> Iterator[Problem]:
    source_id = question.choices_from or ""
    if not q.has_question(source_id):
        yield Problem(where, f"choices_from refers to unknown question '{source_id}'")
        return
    source = q.question(source_id)
    if (
        not isinstance(source, MultipleChoiceQuestion)
        or source.choices_from is not None
    ):
        yield Problem(
            where,
            "choices_from must name a multiple-choice question with fixed choices, "
            f"not '{source_id}'",
        )
    elif q.page_of(source_id).index >= q.page_of(question.id).index:
        yield Problem(
            where,
            f"choices_from refers to '{source_id}', which is not on an earlier page",
        )
    elif (
        source.choice_list is not None and source.choice_list not in q.file.choice_lists
    ):
        return  # reported against the source question
    else:
        codes = [choice.code for choice in q.options(question)]
        for code in {c for c in codes if codes.count(c) > 1}:
            yield Problem(
                where, f"choice code '{code}' is used twice (here and in '{source_id}')"
            )


def condition_problems(
    q: Questionnaire, condition: Condition, where: str, before: PageRef | None = None
) -> list[Problem]:
    """Check each test in a condition; with `before`, it must refer to earlier pages."""
    problems = []
    for test in comparisons(condition):
        problem = _comparison_problem(q, test, before)
        if problem:
            problems.append(Problem(where, problem))
    return problems


def _comparison_problem(
    q: Questionnaire, test: Comparison, before: PageRef | None
) -> str | None:
    if not q.has_question(test.question):
        return f"condition refers to unknown question '{test.question}'"
    if before is not None and q.page_of(test.question).index >= before.index:
        return f"show_if refers to '{test.question}', which is not on an earlier page"
    target = q.question(test.question)
    allowed = _OPERATORS_BY_TYPE.get(type(target), set())
    if test.operator not in allowed:
        fits = ", ".join(sorted(allowed)) or "none: a condition cannot test free text"
        return (
            f"'{test.operator}' does not fit question '{target.id}' ({target.type}); "
            f"use {fits}"
        )
    if test.operator in _CODE_OPERATORS and isinstance(target, ChoiceQuestionBase):
        known = {choice.code for choice in q.options(target)}
        operand = test.operand
        unknown = [
            code
            for code in ([operand] if isinstance(operand, str) else operand)
            if code not in known
        ]
        if unknown:
            names = ", ".join(map(repr, unknown))
            return f"unknown choice {names} for question '{target.id}'"
    return None


def _voicecondition_problems(q: Questionnaire) -> list[Problem]:
    """`answering_for_someone_else` tests answers that are always asked."""
    where = "answering_for_someone_else"
    condition = q.file.answering_for_someone_else
    problems = condition_problems(q, condition, where)
    for test in comparisons(condition):
        if not q.has_question(test.question):
            continue
        ref = q.page_of(test.question)
        question = q.question(test.question)
        if any(c is not None for c in (ref.section.show_if, ref.page.show_if)) or (
            question.show_if is not None or not question.required
        ):
            problems.append(
                Problem(
                    where,
                    f"uses question '{test.question}', which can go unanswered; "
                    "who is answering must always be asked",
                )
            )
    return problems
