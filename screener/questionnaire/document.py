"""A loaded questionnaire: the validated file plus the look-ups the app needs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass

from .conditions import Answers
from .conditions import Test
from .conditions import compile_condition
from .levels import RED_FLAG_LEVELS
from .model import AllOf
from .model import AnyQuestion
from .model import Choice
from .model import ChoiceQuestionBase
from .model import Page
from .model import QuestionnaireFile
from .model import RedFlag
from .model import Section
from .translation.document import TranslationProvenance
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


@dataclass(frozen=True)
class PageTests:
    """A page's show_if tests, compiled when the questionnaire loads: every request
    tests every page, and walking the pydantic models each time was slow."""

    #: The section's and the page's own conditions; None when both are absent.
    shown_if: Test | None
    #: Each question with its condition, and whether it offers the choices ticked in
    #: an earlier question (and so is skipped when none were).
    questions: tuple[tuple[AnyQuestion, Test | None, bool], ...]

    @classmethod
    def of(cls, ref: PageRef) -> PageTests:
        conditions = [
            c for c in (ref.section.show_if, ref.page.show_if) if c is not None
        ]
        return cls(
            shown_if=compile_condition(AllOf(all=conditions)) if conditions else None,
            questions=tuple(
                (
                    question,
                    compile_condition(question.show_if) if question.show_if else None,
                    isinstance(question, ChoiceQuestionBase)
                    and question.choices_from is not None,
                )
                for question in ref.page.questions
            ),
        )

    def visible(self, q: Questionnaire, answers: Answers) -> list[AnyQuestion]:
        """The page's questions these answers show."""
        if self.shown_if is not None and not self.shown_if(answers):
            return []
        return [
            question
            for question, shown_if, offers_earlier_choices in self.questions
            if (shown_if is None or shown_if(answers))
            and not (
                offers_earlier_choices
                and isinstance(question, ChoiceQuestionBase)
                and not q.options(question, answers)
            )
        ]


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
        language: str = "en",
    ) -> None:
        self.file = file
        #: The language its texts are in. A translation keeps the English's content
        #: and content hash: the same questions, codes and logic in other words.
        self.language = language
        #: For a translation, who checked it (translation/document.py); the pages
        #: say a draft translation is one. None for the questionnaire as written.
        self.translation: TranslationProvenance | None = None
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
        # Built once here, not on first use: what every request looks up.
        #: Per page (by `PageRef.index`), its compiled show_if tests.
        self.page_tests = tuple(PageTests.of(ref) for ref in self.pages)
        #: Each red flag with its compiled condition, most urgent first.
        self.red_flag_tests: tuple[tuple[RedFlag, Test], ...] = tuple(
            (flag, compile_condition(flag.when))
            for flag in sorted(
                file.red_flags, key=lambda flag: RED_FLAG_LEVELS.index(flag.level)
            )
        )
        self._regions = self._region_options()

    @classmethod
    def in_both_voices(
        cls,
        self_file: QuestionnaireFile,
        proxy_file: QuestionnaireFile,
        *,
        source: str,
        content: str,
        settings: Mapping[str, str],
        language: str = "en",
    ) -> Questionnaire:
        """The questionnaire in the person's own voice, knowing its other voice."""
        own = cls(
            self_file,
            source=source,
            content=content,
            voice="self",
            settings=settings,
            language=language,
        )
        other = cls(
            proxy_file,
            source=source,
            content=content,
            voice="proxy",
            settings=settings,
            language=language,
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

    @property
    def regions(self) -> list[Choice]:
        """The body regions a patient can report: the regions question's options."""
        return self._regions

    def _region_options(self) -> list[Choice]:
        if not self.has_question(self.file.regions_question):
            return []  # the checker refuses such a file; this is for its messages
        question = self.question(self.file.regions_question)
        if not isinstance(question, ChoiceQuestionBase):
            return []
        return self.options(question)

    def regions_reported(self, answers: Answers) -> list[str]:
        """The region codes ticked in these answers, in questionnaire order."""
        ticked = answers.get(self.file.regions_question)
        if not isinstance(ticked, list):
            return []
        return [choice.code for choice in self.regions if choice.code in ticked]

    def region_label(self, code: str) -> str:
        return next((c.label for c in self.regions if c.code == code), code)

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
