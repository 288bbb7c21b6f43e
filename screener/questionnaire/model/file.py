"""The whole file: pages and sections, red flags and their advice, the summary's
content, the dashboard's indicators and the provenance."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field
from pydantic import model_validator

from ..levels import RED_FLAG_LEVELS
from ..levels import RedFlagLevel
from .base import Identifier
from .base import Strict
from .base import Text
from .conditions import Condition
from .questions import Choice
from .questions import Question


class Note(Strict):
    """Guidance shown only when its condition holds, e.g. to a young person alone."""

    text: Text
    show_if: Condition


class Page(Strict):
    """One topic: what a patient sees on one screen."""

    id: Identifier
    title: Text
    guidance: list[Text | Note] = []
    show_if: Condition | None = None
    questions: list[Question] = Field(min_length=1)


class Section(Strict):
    id: Identifier
    title: Text
    show_if: Condition | None = None
    pages: list[Page] = Field(min_length=1)


class LevelAdvice(Strict):
    """What to do, for one red-flag level: the action first, then one short line."""

    action: Text
    detail: Text


class RedFlag(Strict):
    id: Identifier
    level: RedFlagLevel
    when: Condition
    #: Why this needs help: one short sentence, shown under the action.
    reason: Text
    #: An optional extra step for this flag, e.g. "Take the medicine box with you."
    advice: Text | None = None
    #: What staff read: the flag in clinical words, e.g. "Acute dystonic reaction".
    #: Never shown to the patient.
    clinical: Text


class EducationModule(Strict):
    id: Identifier
    title: Text
    paragraphs: list[Text] = Field(min_length=1)
    show_if: Condition | None = None


class DashboardIndicator(Strict):
    """Something the staff dashboard counts: the share of submissions where it holds."""

    label: Text
    when: Condition


class DashboardSection(Strict):
    """The indicators shown for one section; staff-facing text, not patient-facing."""

    section: Identifier
    indicators: list[DashboardIndicator] = Field(min_length=1)


class Provenance(Strict):
    """Who reviewed the content and when. Until a clinician signs it off, it is a draft,
    and a draft names no reviewer and no review date: never claim a review that has not
    happened."""

    status: Literal["draft", "reviewed"]
    reviewed_by: Text | None = None
    review_date: dt.date | None = None
    next_review: dt.date | None = None
    sources: list[Text] = []

    @model_validator(mode="after")
    def _honest(self) -> Provenance:
        named = [
            key
            for key in ("reviewed_by", "review_date", "next_review")
            if getattr(self, key) is not None
        ]
        if self.status == "draft" and named:
            raise ValueError(
                f"a draft has not been reviewed, so it cannot give {', '.join(named)}; "
                "set status: reviewed once a clinician has signed it off"
            )
        missing = [
            key
            for key in ("reviewed_by", "review_date", "next_review")
            if getattr(self, key) is None
        ]
        if self.status == "reviewed" and missing:
            raise ValueError(f"a reviewed file needs {', '.join(missing)}")
        return self


class Recommendation(Strict):
    title: Text
    paragraphs: list[Text] = Field(min_length=1)
    bring_title: Text
    bring: list[Text] = Field(min_length=1)
    #: How to film the movement for the appointment: short steps.
    film_title: Text
    film: list[Text] = Field(min_length=1)


class KeyPoint(Strict):
    """One line of the summary's "Key points": the answers it restates, in order."""

    id: Identifier
    label: Text
    answers: list[Identifier] = Field(min_length=1)
    #: Answer codes this line leaves out, e.g. "Not at all" among the daily-life
    #: answers, where only what is affected is worth a line.
    leave_out: list[Identifier] = []


class Finding(Strict):
    """Something the staff synopsis names when its condition holds, e.g. "Sensory
    trick" when a trick eases it."""

    label: Text
    when: Condition


class SynopsisLine(Strict):
    """One line of the staff synopsis: answers restated, findings named, or both."""

    id: Identifier
    label: Text
    answers: list[Identifier] = []
    findings: list[Finding] = []
    #: Answer codes this line leaves out, as for the patient's key points.
    leave_out: list[Identifier] = []

    @model_validator(mode="after")
    def _says_something(self) -> SynopsisLine:
        if not self.answers and not self.findings:
            raise ValueError("a synopsis line needs answers, findings or both")
        return self


class Distribution(Strict):
    """How the staff-only distribution pattern is read off the regions reported
    (Albanese et al. 2013, axis I): which regions touch, which is the trunk, and which
    question gives each limb region's side."""

    adjacent: list[tuple[Identifier, Identifier]] = Field(min_length=1)
    trunk: Identifier
    #: Region code -> the single-choice question saying which side it is.
    sides: dict[Identifier, Identifier] = {}
    #: Side -> the answer codes (of those questions) that mean it.
    left: list[Identifier] = []
    right: list[Identifier] = []
    #: The regions that, reported on one side together, make the pattern hemi.
    hemi: list[Identifier] = []


class Synopsis(Strict):
    """The top of the staff submission page: what a clinician triages on."""

    lines: list[SynopsisLine] = Field(min_length=1)
    distribution: Distribution


class SummaryLayout(Strict):
    """The top of the summary, and what its table of answers leaves out."""

    key_points_title: Text
    key_points: list[KeyPoint] = Field(min_length=1)
    #: The key point that lists the urgent advice given, shown when a red flag was
    #: raised.
    advice_label: Text
    #: Answer codes that say there is nothing to report ("None of these", "Never"):
    #: the compact table of answers leaves them out, as it does unanswered questions.
    quiet_answers: list[Identifier] = []


class SafetyNet(Strict):
    title: Text
    paragraphs: list[Text] = Field(min_length=1)


class QuestionnaireFile(Strict):
    version: Text
    title: Text
    provenance: Provenance
    #: When someone else answers (a parent, a carer), patient text speaks about "them"
    #: (see voice.py): this condition on an early answer says when.
    answering_for_someone_else: Condition
    #: The multiple-choice question whose answers are "the body regions reported".
    regions_question: Identifier
    choice_lists: dict[Identifier, list[Choice]] = {}
    sections: list[Section] = Field(min_length=1)
    red_flag_levels: dict[RedFlagLevel, LevelAdvice]
    red_flags: list[RedFlag] = Field(min_length=1)
    recommendation: Recommendation
    safety_net: SafetyNet
    summary: SummaryLayout
    synopsis: Synopsis
    education: list[EducationModule] = Field(min_length=1)
    dashboard: list[DashboardSection] = []

    @model_validator(mode="after")
    def _advice_for_every_level(self) -> QuestionnaireFile:
        missing = [
            level for level in RED_FLAG_LEVELS if level not in self.red_flag_levels
        ]
        if missing:
            raise ValueError(f"red_flag_levels has no advice for {', '.join(missing)}")
        return self
