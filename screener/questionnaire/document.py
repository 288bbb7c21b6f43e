"""A loaded questionnaire: the validated file plus the look-ups the app needs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass

from .conditions import Answers
from .conditions import compile_condition
from .model import AnyQuestion
from .model import Choice
from .model import ChoiceQuestionBase
from .model import Page
from .model import QuestionnaireFile
from .model import Section
from .voice import Voice


@dataclass(frozen=True, eq=False)
class PageRef:
    """A page with its place in the questionnaire.

    Compared by identity: a questionnaire makes one PageRef per page, and comparing the
    pydantic models field by field was most of a question page's routing time.
    """

    section: Section
    page: Page
    #: 1-based position of the section, for "Section 3 of 14".
    section_number: int
    #: 0-based position of the page among all pages.
    index: int

    @property
    def id(self) -> str:
        return self.page.id


class Questionnaire:
    """The questionnaire as the app uses it; built once at start-up, never changed."""

    def __init__(
        self,
        file: QuestionnaireFile,
        *,
        source: str,
        content: str,
        voice: Voice = "self",
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self.file = file
        #: The deployment's values its texts were filled in with, e.g. the emergency
        #: number; an older version read back for staff is filled in with the same.
        self.settings: Mapping[str, str] = dict(settings or {})
        #: Whose point of view the texts take: the person themselves, or someone
        #: answering for them. Each loaded questionnaire has one of each (`in_voice`).
        self.voice: Voice = voice
        self._voices: dict[Voice, Questionnaire] = {voice: self}
        self._answering_for_someone_else = compile_condition(
            file.answering_for_someone_else
        )
        #: Where it was read from, for messages.
        self.source = source
        #: The YAML text, kept so each version patients answer can be stored.
        self.content = content
        #: sha256 of the file's bytes, stored with each submission.
        self.content_hash = hashlib.sha256(content.encode("utf-8")).hexdigest()
        placed = [
            (section, page, number)
            for number, section in enumerate(file.sections, start=1)
            for page in section.pages
        ]
        self.pages = tuple(PageRef(*place, index) for index, place in enumerate(placed))
        self._pages_by_id = {ref.id: ref for ref in self.pages}
        self._questions = {
            question.id: (question, ref)
            for ref in self.pages
            for question in ref.page.questions
        }
        self._question_order = {qid: n for n, qid in enumerate(self._questions)}

    @classmethod
    def in_both_voices(
        cls,
        self_file: QuestionnaireFile,
        proxy_file: QuestionnaireFile,
        *,
        source: str,
        content: str,
        settings: Mapping[str, str],
    ) -> Questionnaire:
        """The questionnaire in the person's own voice, knowing its other voice."""
        own = cls(
            self_file, source=source, content=content, voice="self", settings=settings
        )
        other = cls(
            proxy_file, source=source, content=content, voice="proxy", settings=settings
        )
        own._voices["proxy"] = other
        other._voices["self"] = own
        return own

    def in_voice(self, voice: Voice) -> Questionnaire:
        return self._voices.get(voice, self)

    def for_answers(self, answers: Answers) -> Questionnaire:
        """The questionnaire worded for whoever is answering, as far as the answers
        tell: before "who is answering" is answered, in the person's own voice."""
        someone_else = self._answering_for_someone_else(answers)
        return self.in_voice("proxy" if someone_else else "self")

    @property
    def version(self) -> str:
        return self.file.version

    def questions(self) -> Iterator[AnyQuestion]:
        """Yield every question in the order a patient meets them."""
        for question, _ref in self._questions.values():
            yield question

    def page(self, page_id: str) -> PageRef:
        """Return the page with this id; raise KeyError if there is none."""
        return self._pages_by_id[page_id]

    def question(self, question_id: str) -> AnyQuestion:
        return self._questions[question_id][0]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions

    def page_of(self, question_id: str) -> PageRef:
        return self._questions[question_id][1]

    def position(self, question_id: str) -> int:
        """Return the question's place in the whole questionnaire (0-based)."""
        return self._question_order[question_id]

    def options(
        self, question: ChoiceQuestionBase, answers: Answers | None = None
    ) -> list[Choice]:
        """List the choices a patient is offered.

        For `choices_from`, these are the options ticked in the earlier question (all of
        them when `answers` is None, as the checker needs), followed by any `choices`.
        """
        if question.choice_list is not None:
            return self.file.choice_lists[question.choice_list]
        extra = question.choices or []
        if question.choices_from is None:
            return extra
        source = self.question(question.choices_from)
        if not isinstance(source, ChoiceQuestionBase):  # the checker rules this out
            raise TypeError(f"choices_from '{source.id}' is not a choice question")
        offered = self.options(source)
        if answers is not None:
            ticked = answers.get(source.id)
            offered = [
                c for c in offered if isinstance(ticked, list) and c.code in ticked
            ]
        return offered + extra

    def choice_label(self, question: ChoiceQuestionBase, code: str) -> str:
        """Return the label of a choice code, or the code itself if it is unknown."""
        return next((c.label for c in self.options(question) if c.code == code), code)
