"""Every section, page, question and note can be shown to someone: no `show_if` asks for
answers that cannot be given together (e.g. `trick = yes` and `trick = no`), counting
that a question must itself have been shown to be answered."""

from __future__ import annotations

from collections.abc import Iterator

from ..conditions import describe
from ..document import Questionnaire
from ..logic import Options
from ..logic import alternatives
from ..logic import clause_satisfiable
from ..model import AllOf
from ..model import ChoiceQuestionBase
from ..model import Condition
from ..model import Note
from ..problems import Problem


def option_codes(q: Questionnaire) -> Options:
    """Look up a choice question's codes, and which of them are exclusive."""

    def codes(question_id: str) -> tuple[list[str], set[str]]:
        question = q.question(question_id)
        if not isinstance(question, ChoiceQuestionBase):
            return [], set()
        offered = q.options(question)
        return [c.code for c in offered], {c.code for c in offered if c.exclusive}

    return codes


def shown_if(q: Questionnaire, question_id: str) -> Condition | None:
    """Everything that must hold for a question to be shown, as one condition."""
    ref = q.page_of(question_id)
    parts = [
        c
        for c in (
            ref.section.show_if,
            ref.page.show_if,
            q.question(question_id).show_if,
        )
        if c is not None
    ]
    return AllOf(all=parts) if parts else None


def _can_hold(q: Questionnaire, condition: Condition) -> bool:
    options = option_codes(q)
    return any(
        clause_satisfiable(clause, q.question, options, lambda qid: shown_if(q, qid))
        for clause in alternatives(condition)
    )


def reachable(q: Questionnaire) -> list[Problem]:
    return list(_unreachable(q))


def _unreachable(q: Questionnaire) -> Iterator[Problem]:
    for ref in q.pages:
        section, page = ref.section, ref.page
        path = [c for c in (section.show_if, page.show_if) if c is not None]
        if path and not _can_hold(q, AllOf(all=path)):
            # Said once, of the section on its first page, else of the page.
            if section.show_if is not None and not _can_hold(q, section.show_if):
                if ref.page is section.pages[0]:
                    yield _never(f"section '{section.id}'", section.show_if)
            elif page.show_if is not None:
                yield _never(f"page '{page.id}'", page.show_if)
            continue
        for question in page.questions:
            if question.show_if is not None and not _can_hold(
                q, AllOf(all=[*path, question.show_if])
            ):
                yield _never(f"question '{question.id}'", question.show_if)
        for note in page.guidance:
            if isinstance(note, Note) and not _can_hold(
                q, AllOf(all=[*path, note.show_if])
            ):
                yield _never(f"page '{page.id}' (a note)", note.show_if)
    for module in q.file.education:
        if module.show_if is not None and not _can_hold(q, module.show_if):
            yield _never(f"education module '{module.id}'", module.show_if)
    for flag in q.file.red_flags:
        if not _can_hold(q, flag.when):
            yield Problem(
                f"red flag '{flag.id}'",
                f"its condition ({describe(flag.when)}) can never be true, "
                "so it can never be raised",
            )


def _never(where: str, condition: Condition) -> Problem:
    return Problem(
        where,
        f"its show_if ({describe(condition)}) can never be true for any patient, "
        "so it would never be shown",
    )
