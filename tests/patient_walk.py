"""A simulated patient that walks the questionnaire through the test client.

Answers come from `overrides` where given, otherwise a "routine" answer worked out from
the questionnaire itself: one that raises no red flag. So the tests follow the content
as clinicians change it, instead of hard-coding today's questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from screener.pathway import route as flow
from screener.questionnaire import AnswerValue
from screener.questionnaire import Questionnaire
from screener.questionnaire.conditions import comparisons
from screener.questionnaire.model import AnyQuestion
from screener.questionnaire.model import Choice
from screener.questionnaire.model import ChoiceQuestionBase
from screener.questionnaire.model import FreeTextQuestion
from screener.questionnaire.model import MultipleChoiceQuestion
from screener.questionnaire.model import NumberQuestion
from screener.questionnaire.model import ScaleQuestion

PREFERRED_ROUTINE_CODES = ("no", "none", "not_sure")


class PatientWalk:
    def __init__(
        self,
        client: FlaskClient,
        q: Questionnaire,
        expansive: bool = False,
        telling: bool = False,
    ) -> None:
        self.client = client
        self.q = q
        #: Answer so as to open every branch (tick everything, pick what show_if asks
        #: for), red flags included, instead of giving routine answers.
        self.expansive = expansive
        #: Answer every question with something to report (tick every box that raises
        #: no red flag, open every branch that none needs): the longest summary a
        #: patient gets without urgent advice.
        self.telling = telling
        #: What this patient has answered, as the app should have stored it.
        self.answers: dict[str, AnswerValue] = {}
        #: Requests made, to measure what a completion costs.
        self.requests = 0
        #: Advice pages seen on the way, as their HTML.
        self.advice_pages: list[str] = []
        #: Question pages visited, in order.
        self.pages: list[str] = []
        #: The HTML of each question page as first shown, by page id.
        self.page_html: dict[str, str] = {}

    # --- single steps ----------------------------------------------------------------

    def get(self, url: str) -> TestResponse:
        self.requests += 1
        return self.client.get(url)

    def post(self, url: str, data: Mapping[str, Any] | None = None) -> TestResponse:
        self.requests += 1
        return self.client.post(url, data=data or {})

    def start(self) -> TestResponse:
        self.get("/")
        return self.post("/start")

    def form_data(
        self, page_id: str, overrides: Mapping[str, AnswerValue | None]
    ) -> dict[str, Any]:
        """Answer every question shown on the page, and remember the answers."""
        ref = self.q.page(page_id)
        data: dict[str, Any] = {}
        for question in flow.visible_questions(self.q, ref, self.answers):
            value = (
                overrides[question.id]
                if question.id in overrides
                else self.routine(question)
            )
            self.answers.pop(question.id, None)
            if value is None:
                continue
            self.answers[question.id] = value
            data[question.id] = (
                [str(v) for v in value] if isinstance(value, list) else str(value)
            )
        return data

    def answer(
        self, page_id: str, overrides: Mapping[str, AnswerValue | None] | None = None
    ) -> TestResponse:
        self.pages.append(page_id)
        return self.post(
            f"/questions/{page_id}", self.form_data(page_id, overrides or {})
        )

    # --- whole journeys ---------------------------------------------------------------

    def walk(
        self,
        overrides: Mapping[str, AnswerValue | None] | None = None,
        stop_after: str | None = None,
    ) -> str:
        """Answer pages from the first one still open until "Check your answers".

        Returns the URL the app sent the patient to last. Advice pages are read and
        then left with "Continue the questionnaire", as a patient would.
        """
        location = self.get("/continue").headers["Location"]
        while location.startswith("/questions/"):
            page_id = location.removeprefix("/questions/").split("?")[0]
            self.page_html.setdefault(
                page_id, self.get(location).get_data(as_text=True)
            )
            response = self.answer(page_id, overrides)
            assert response.status_code == 302, (
                f"page {page_id} did not accept routine answers"
            )
            location = response.headers["Location"]
            if location == "/advice":
                self.advice_pages.append(self.get("/advice").get_data(as_text=True))
                location = self.get("/continue").headers["Location"]
            if page_id == stop_after:
                break
        return location

    def complete(
        self, overrides: Mapping[str, AnswerValue | None] | None = None
    ) -> str:
        """Start, answer everything, check and send; return the reference code shown."""
        self.start()
        assert self.walk(overrides) == "/check-answers"
        assert self.get("/check-answers").status_code == 200
        assert self.post("/submit").headers["Location"] == "/summary"
        summary = self.get("/summary").get_data(as_text=True)
        marker = "<strong>DYS-"
        start = summary.index(marker) + len("<strong>")
        return summary[start : start + len("DYS-XXXX-XXXX")]

    # --- routine answers --------------------------------------------------------------

    def routine(self, question: AnyQuestion) -> AnswerValue | None:
        """An ordinary answer that raises no red flag; None to leave it blank."""
        if isinstance(question, FreeTextQuestion):
            if self.telling:
                return (
                    "A trick helps: touching my chin. Worse at the end of a long day."
                )
            return None if not question.required else "Nothing more to add."
        if isinstance(question, ScaleQuestion):
            return (question.min + question.max) // 2 if self.telling else question.min
        if isinstance(question, NumberQuestion):
            return (question.min + question.max) // 2
        assert isinstance(question, ChoiceQuestionBase)
        options = self.q.options(question, self.answers)
        if self.expansive:
            return self._branch_opening(question, options)
        flagged = self._red_flag_codes(question.id)
        safe = [choice for choice in options if choice.code not in flagged]
        if self.telling:
            return self._branch_opening(question, safe)
        if isinstance(question, MultipleChoiceQuestion):
            exclusive = [choice.code for choice in safe if choice.exclusive]
            return exclusive[:1] or [safe[0].code]
        preferred = [
            choice.code for choice in safe if choice.code in PREFERRED_ROUTINE_CODES
        ]
        return preferred[0] if preferred else safe[0].code

    def _branch_opening(
        self, question: ChoiceQuestionBase, options: list[Choice]
    ) -> AnswerValue:
        if isinstance(question, MultipleChoiceQuestion):
            return [choice.code for choice in options if not choice.exclusive] or [
                options[0].code
            ]
        wanted = self._show_if_codes(question.id)
        return next(
            (choice.code for choice in options if choice.code in wanted),
            options[0].code,
        )

    def _show_if_codes(self, question_id: str) -> set[str]:
        conditions = [
            item.show_if
            for ref in self.q.pages
            for item in (ref.section, ref.page, *ref.page.questions)
            if item.show_if is not None
        ]
        return {
            code
            for condition in conditions
            for test in comparisons(condition)
            if test.question == question_id and test.operator in ("equals", "one_of")
            for code in (
                [test.operand] if isinstance(test.operand, str) else test.operand
            )
        }

    def _red_flag_codes(self, question_id: str) -> set[str]:
        codes: set[str] = set()
        for flag in self.q.file.red_flags:
            for test in comparisons(flag.when):
                if test.question == question_id and test.operator != "not_one_of":
                    operand = test.operand
                    codes.update(
                        [operand]
                        if isinstance(operand, str)
                        else operand
                        if isinstance(operand, list)
                        else []
                    )
        return codes
