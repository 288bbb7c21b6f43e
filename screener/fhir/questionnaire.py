"""questions.yaml as an HL7 FHIR R4 Questionnaire (Structured Data Capture).

`fhir_questionnaire(q, base, translations)` returns a `fhir.resources.R4B`
Questionnaire model (built as FHIR JSON, then validated by the model); `to_json` is
the one way it is written out, by the route and the command alike.

What maps where:

- sections and their pages are `group` items, nested: section > page > questions.
  A group's linkId is its id, unless a question has the same id (questions keep
  theirs: answers are stored and exchanged by them): then it is `section.<id>` or
  `page.<id>` (`group_link_ids`). Today only the section `anything_else` is renamed.
- a page's guidance is a `display` item at the top of the page (`<page>.guidance.<n>`);
  a note's show_if becomes its enableWhen.
- questions keep our id as linkId. single_choice is `choice` (radio buttons),
  multiple_choice `choice` with `repeats` (check-boxes), scale and number `integer`
  (minValue and maxValue), free_text `text` (maxLength). `required` as is. Each
  answer is an answerOption Coding in the question's own code system
  (`identity.code_system`), display = our label; "None of these" carries
  `questionnaire-optionExclusive`.
- a hint is a child `display` item with itemControl `help` (`<question>.help`); a
  scale's end labels are display items with itemControl `lower` and `upper`; `short`
  is the SDC shortText extension; a number's unit is `questionnaire-unit`.
- `show_if` (section, page, note, question) becomes `enableWhen` + `enableBehavior`
  where it can, else the SDC enableWhenExpression (FHIRPath over the response being
  filled in): enable_when.py. `mapping_stats` counts which.
- `choices_from` (the options ticked in an earlier question): answerOption lists
  every option the question could offer, and the SDC answerOptionsToggleExpression
  enables each borrowed one only while it is ticked in the earlier question.
- wording: `text` is the person's own voice in the questionnaire's language. Each
  other language is the core `translation` extension on `_text` (and `_display`,
  `_title`). The carer's wording, where it differs, is our extension
  `<base>/StructureDefinition/proxy-text` (lang, content) beside it, and the
  Questionnaire's `<base>/StructureDefinition/proxy-voice` (an Expression) says when
  it applies: the `answering_for_someone_else` condition.

Not mapped: error messages (a renderer words its own); the shortText of other
languages (these models give an extension's value no `_valueString` to carry a
translation); choice hints have no place in R4 and are our `choice-hint` extension
(lang, voice, content). Red flags, advice, the summary and the education modules are
not questions and stay out. A choices_from question with no fixed choices, which the
app skips while nothing is ticked, gets an `exists` test on the earlier question.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire as FHIRQuestionnaire

from ..questionnaire import Questionnaire
from ..questionnaire.conditions import describe
from ..questionnaire.model import AllOf
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import Choice
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import Comparison
from ..questionnaire.model import Condition
from ..questionnaire.model import MultipleChoiceQuestion
from ..questionnaire.model import Note
from ..questionnaire.model import NumberQuestion
from ..questionnaire.model import Page
from ..questionnaire.model import ScaleQuestion
from ..questionnaire.model import Section
from . import identity
from .enable_when import enable_fields
from .enable_when import expression
from .enable_when import plain

JSON = dict[str, Any]

#: The Questionnaire's computable name.
NAME = "DystoniaScreener"
_CORE = "http://hl7.org/fhir/StructureDefinition"
_SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition"
TRANSLATION = f"{_CORE}/translation"
ITEM_CONTROL = f"{_CORE}/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
MIN_VALUE = f"{_CORE}/minValue"
MAX_VALUE = f"{_CORE}/maxValue"
OPTION_EXCLUSIVE = f"{_CORE}/questionnaire-optionExclusive"
UNIT = f"{_CORE}/questionnaire-unit"
ANSWER_OPTIONS_TOGGLE = f"{_SDC}/sdc-questionnaire-answerOptionsToggleExpression"
SHORT_TEXT = f"{_SDC}/sdc-questionnaire-shortText"


# --- Conditions (the mapping itself is in enable_when.py) -------------------------


@dataclass(frozen=True)
class MappingStats:
    """How the show_if conditions (sections, pages, notes, questions) were mapped."""

    enable_when: int
    expression: int

    @property
    def total(self) -> int:
        return self.enable_when + self.expression


def show_ifs(q: Questionnaire) -> Iterator[tuple[str, Condition]]:
    """Every show_if in the questionnaire, with the linkId of the item it is on."""
    links = group_link_ids(q)
    for section in q.file.sections:
        if section.show_if is not None:
            yield links[("section", section.id)], section.show_if
        for page in section.pages:
            if page.show_if is not None:
                yield links[("page", page.id)], page.show_if
            for n, note in enumerate(page.guidance):
                if isinstance(note, Note):
                    yield _guidance_link(page, n), note.show_if
            for question in page.questions:
                if question.show_if is not None:
                    yield question.id, question.show_if


def mapping_stats(q: Questionnaire) -> MappingStats:
    """How many show_if conditions are plain enableWhen, and how many FHIRPath."""
    mapped = [plain(condition, "") is not None for _link, condition in show_ifs(q)]
    return MappingStats(enable_when=sum(mapped), expression=mapped.count(False))


# --- Wording in each voice and language -------------------------------------------


@dataclass(frozen=True)
class _Wording:
    language: str
    own: Questionnaire
    carer: Questionnaire


Getter = Callable[[Questionnaire], str | None]


class _Texts:
    """A text as the person reads it in the questionnaire's language, with its
    translations and the carer's wording as extensions on the element."""

    def __init__(
        self, q: Questionnaire, translations: Mapping[str, Questionnaire], base: str
    ) -> None:
        own = q.in_voice("self")
        self.main = _Wording(own.language, own, own.in_voice("proxy"))
        self.others = tuple(
            _Wording(language, other.in_voice("self"), other.in_voice("proxy"))
            for language, other in translations.items()
            if language != own.language
        )
        self.proxy_url = identity.proxy_text_extension(base)
        self.hint_url = identity.choice_hint_extension(base)

    def put(self, target: JSON, field: str, get: Getter) -> None:
        """Set target[field] and, when there is more to say, target[_field]."""
        text = get(self.main.own)
        if text is None:
            return
        target[field] = text
        extensions: list[JSON] = []
        for wording in (self.main, *self.others):
            own = _get(get, wording.own)
            if wording is not self.main and own is not None:
                extensions.append(_localized(TRANSLATION, wording.language, own))
            carer = _get(get, wording.carer)
            if carer is not None and carer != own:
                extensions.append(_localized(self.proxy_url, wording.language, carer))
        if extensions:
            target[f"_{field}"] = {"extension": extensions}

    def hints(self, get: Getter) -> list[JSON]:
        """A choice's hint in every language and voice (our extension)."""
        found = []
        for wording in (self.main, *self.others):
            own = _get(get, wording.own)
            carer = _get(get, wording.carer)
            for voice, text in (("self", own), ("proxy", carer)):
                if text is None or (voice == "proxy" and text == own):
                    continue
                parts = [
                    {"url": "lang", "valueCode": wording.language},
                    {"url": "voice", "valueCode": voice},
                    {"url": "content", "valueString": text},
                ]
                found.append({"url": self.hint_url, "extension": parts})
        return found


def _get(get: Getter, q: Questionnaire) -> str | None:
    try:
        return get(q)
    except (KeyError, IndexError, StopIteration):
        return None  # a translation lacking the item: say nothing rather than guess


def _localized(url: str, language: str, text: str) -> JSON:
    return {
        "url": url,
        "extension": [
            {"url": "lang", "valueCode": language},
            {"url": "content", "valueString": text},
        ],
    }


def _section(q: Questionnaire, section_id: str) -> Section:
    return next(s for s in q.file.sections if s.id == section_id)


def _guidance(q: Questionnaire, page_id: str, n: int) -> str:
    note = q.page(page_id).page.guidance[n]
    return note.text if isinstance(note, Note) else note


def _choice(q: Questionnaire, question_id: str, code: str) -> Choice:
    question = q.question(question_id)
    if not isinstance(question, ChoiceQuestionBase):
        raise KeyError(question_id)
    return next(c for c in q.options(question) if c.code == code)


# --- Items ------------------------------------------------------------------------


def group_link_ids(q: Questionnaire) -> dict[tuple[str, str], str]:
    """Each section's and page's linkId, by ("section" | "page", id): the id, unless a
    question (or, for a section, a page) has the same id."""
    questions = {question.id for question in q.questions()}
    pages = {ref.id for ref in q.pages}
    links = {}
    for section in q.file.sections:
        clash = section.id in questions or section.id in pages
        links["section", section.id] = f"section.{section.id}" if clash else section.id
        for page in section.pages:
            clash = page.id in questions
            links["page", page.id] = f"page.{page.id}" if clash else page.id
    return links


def _guidance_link(page: Page, n: int) -> str:
    return f"{page.id}.guidance.{n}"


def _control(code: str) -> JSON:
    return {
        "url": ITEM_CONTROL,
        "valueCodeableConcept": {
            "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]
        },
    }


class _Builder:
    def __init__(
        self, q: Questionnaire, base: str, translations: Mapping[str, Questionnaire]
    ) -> None:
        self.q = q.in_voice("self")
        self.base = base
        self.texts = _Texts(q, translations, base)
        self.links = group_link_ids(self.q)

    def resource(self) -> JSON:
        q = self.q
        provenance = q.file.provenance
        resource: JSON = {
            "resourceType": "Questionnaire",
            "language": q.language,
            "extension": [
                {
                    "url": identity.proxy_voice_extension(self.base),
                    "valueExpression": expression(
                        q.file.answering_for_someone_else,
                        "Someone else is answering (a parent, guardian, carer or "
                        "relative): read the proxy-text wording. "
                        + describe(q.file.answering_for_someone_else),
                    ),
                }
            ],
            "url": identity.questionnaire_url(self.base),
            "version": q.version,
            "name": NAME,
            "status": "active" if provenance.status == "reviewed" else "draft",
            "subjectType": ["Patient"],
        }
        self.texts.put(resource, "title", lambda v: v.file.title)
        if provenance.review_date is not None:
            resource["lastReviewDate"] = provenance.review_date.isoformat()
        resource["item"] = [self.section(section) for section in q.file.sections]
        return resource

    def section(self, section: Section) -> JSON:
        item: JSON = {"linkId": self.links["section", section.id]}
        self.texts.put(item, "text", lambda v: _section(v, section.id).title)
        item["type"] = "group"
        return self.enabled(
            item,
            section.show_if,
            [self.page(page) for page in section.pages],
        )

    def page(self, page: Page) -> JSON:
        item: JSON = {"linkId": self.links["page", page.id]}
        self.texts.put(item, "text", lambda v: v.page(page.id).page.title)
        item["type"] = "group"
        children = [self.guidance(page, n) for n in range(len(page.guidance))]
        children += [self.question(question) for question in page.questions]
        return self.enabled(item, page.show_if, children)

    def guidance(self, page: Page, n: int) -> JSON:
        item: JSON = {"linkId": _guidance_link(page, n)}
        self.texts.put(item, "text", lambda v: _guidance(v, page.id, n))
        item["type"] = "display"
        note = page.guidance[n]
        return self.enabled(item, note.show_if if isinstance(note, Note) else None)

    def enabled(
        self,
        item: JSON,
        condition: Condition | None,
        children: list[JSON] | None = None,
    ) -> JSON:
        fields, extensions = enable_fields(condition, self.base)
        if extensions:
            item["extension"] = [*item.get("extension", []), *extensions]
        item.update(fields)
        if children:
            item["item"] = children
        return item

    def question(self, question: AnyQuestion) -> JSON:
        qid = question.id
        item: JSON = {"linkId": qid}
        self.texts.put(item, "text", lambda v: v.question(qid).text)
        extensions: list[JSON] = []
        if question.short is not None:
            extensions.append({"url": SHORT_TEXT, "valueString": question.short})
        children: list[JSON] = []
        if question.hint is not None:
            children.append(
                self.display(f"{qid}.help", "help", lambda v: v.question(qid).hint)
            )
        condition = question.show_if
        if isinstance(question, ChoiceQuestionBase):
            condition = self.choices(question, item, extensions)
        elif isinstance(question, ScaleQuestion | NumberQuestion):
            item["type"] = "integer"
            extensions.append({"url": MIN_VALUE, "valueInteger": question.min})
            extensions.append({"url": MAX_VALUE, "valueInteger": question.max})
            if isinstance(question, ScaleQuestion):
                children += [
                    self.display(f"{qid}.lower", "lower", _scale(qid, "min_label")),
                    self.display(f"{qid}.upper", "upper", _scale(qid, "max_label")),
                ]
            elif question.unit is not None:
                unit: JSON = {}
                self.texts.put(unit, "display", lambda v: _number(v, qid).unit)
                extensions.append({"url": UNIT, "valueCoding": unit})
        else:  # free text
            item["type"] = "text"
            item["maxLength"] = question.max_length
        item["required"] = question.required
        if extensions:
            item["extension"] = extensions
        return self.enabled(item, condition, children)

    def choices(
        self, question: ChoiceQuestionBase, item: JSON, extensions: list[JSON]
    ) -> Condition | None:
        """Fill in a choice question's type, control and options; return its
        condition (for choices_from alone, also "something was ticked there")."""
        multiple = isinstance(question, MultipleChoiceQuestion)
        item["type"] = "choice"
        if multiple:
            item["repeats"] = True
        extensions.append(_control("check-box" if multiple else "radio-button"))
        item["answerOption"] = [
            self.option(question, choice) for choice in self.q.options(question)
        ]
        condition = question.show_if
        if question.choices_from is None:
            return condition
        source = self.q.question(question.choices_from)
        if not isinstance(source, ChoiceQuestionBase):  # the checker rules this out
            raise TypeError(f"choices_from '{source.id}' is not a choice question")
        extensions += self.toggles(question, source)
        if question.choices:
            return condition
        ticked = Comparison(question=source.id, selected_at_least=1)
        return AllOf(all=[condition, ticked]) if condition else ticked

    def display(self, link_id: str, control: str, get: Getter) -> JSON:
        item: JSON = {"extension": [_control(control)], "linkId": link_id}
        self.texts.put(item, "text", get)
        item["type"] = "display"
        return item

    def option(self, question: ChoiceQuestionBase, choice: Choice) -> JSON:
        qid, code = question.id, choice.code
        coding: JSON = {"system": identity.code_system(self.base, qid), "code": code}
        self.texts.put(coding, "display", lambda v: _choice(v, qid, code).label)
        option: JSON = {"valueCoding": coding}
        extensions: list[JSON] = []
        if choice.exclusive:
            extensions.append({"url": OPTION_EXCLUSIVE, "valueBoolean": True})
        if choice.hint is not None:
            extensions += self.texts.hints(lambda v: _choice(v, qid, code).hint)
        if extensions:
            option["extension"] = extensions
        return option

    def toggles(
        self, question: ChoiceQuestionBase, source: ChoiceQuestionBase
    ) -> list[JSON]:
        """Each option borrowed from the earlier question is enabled while it is
        ticked there (SDC answerOptionsToggleExpression)."""
        system = identity.code_system(self.base, question.id)
        found = []
        for choice in self.q.options(source):
            ticked = Comparison(question=source.id, includes=choice.code)
            found.append(
                {
                    "url": ANSWER_OPTIONS_TOGGLE,
                    "extension": [
                        {
                            "url": "option",
                            "valueCoding": {"system": system, "code": choice.code},
                        },
                        {"url": "expression", "valueExpression": expression(ticked)},
                    ],
                }
            )
        return found


def _scale(question_id: str, name: str) -> Getter:
    def get(q: Questionnaire) -> str | None:
        label: str | None = getattr(q.question(question_id), name, None)
        return label

    return get


def _number(q: Questionnaire, question_id: str) -> NumberQuestion:
    question = q.question(question_id)
    if not isinstance(question, NumberQuestion):
        raise KeyError(question_id)
    return question


def fhir_questionnaire(
    q: Questionnaire, base: str, translations: Mapping[str, Questionnaire] = {}
) -> FHIRQuestionnaire:
    """The questionnaire as a FHIR R4 Questionnaire, validated by fhir.resources' R4B
    model (R4B's Questionnaire is R4's). `translations` are the questionnaire in
    other languages, by code (the app's own mapping may be passed whole: the
    questionnaire's own language is left out); `base` is FHIR_BASE_URL."""
    return FHIRQuestionnaire.model_validate(_Builder(q, base, translations).resource())


def to_json(resource: FHIRQuestionnaire) -> str:
    """The resource as compact FHIR JSON (UTF-8 text): the same from the route and the
    command."""
    return resource.model_dump_json()
