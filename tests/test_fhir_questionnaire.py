"""The questionnaire as a FHIR R4 Questionnaire: valid, complete (every question,
choice and show_if), the same logic as the app's, in both voices and in Spanish;
served to anyone at /fhir/Questionnaire/<version>, and written by a command."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FHIRQuestionnaire
from flask import Flask
from flask.testing import FlaskClient
from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from screener.config import DEFAULTS
from screener.db.models import QuestionnaireSnapshot
from screener.fhir import identity
from screener.fhir.enable_when import ENABLE_WHEN_EXPRESSION
from screener.fhir.identity import proxy_text_extension
from screener.fhir.questionnaire import TRANSLATION
from screener.fhir.questionnaire import fhir_questionnaire
from screener.fhir.questionnaire import group_link_ids
from screener.fhir.questionnaire import mapping_stats
from screener.questionnaire import AnswerValue
from screener.questionnaire import Questionnaire
from screener.questionnaire import holds
from screener.questionnaire import load_questionnaire
from screener.questionnaire.conditions import comparisons
from screener.questionnaire.model import ChoiceQuestionBase
from screener.questionnaire.model import Condition
from screener.questionnaire.model import Note
from screener.questionnaire.model import NumberQuestion
from screener.questionnaire.model import ScaleQuestion
from screener.questionnaire.translation.loader import load_translation

from .conftest import MINIMAL_QUESTIONS
from .conftest import SHIPPED_QUESTIONS

BASE: str = DEFAULTS["FHIR_BASE_URL"]
MEDIA_TYPE = "application/fhir+json"
TYPES = {
    "single_choice": ("choice", None),
    "multiple_choice": ("choice", True),
    "scale": ("integer", None),
    "number": ("integer", None),
    "free_text": ("text", None),
}

Item = dict[str, Any]


@pytest.fixture(scope="module")
def english() -> Questionnaire:
    return load_questionnaire(SHIPPED_QUESTIONS)


@pytest.fixture(scope="module")
def spanish(english: Questionnaire) -> Questionnaire:
    return load_translation(english, "es")


@pytest.fixture(scope="module")
def resource(english: Questionnaire, spanish: Questionnaire) -> dict[str, Any]:
    built = fhir_questionnaire(english, BASE, {"en": english, "es": spanish})
    # Through JSON and back through the model: what another system would read.
    text = built.model_dump_json()
    FHIRQuestionnaire.model_validate_json(text)
    data: dict[str, Any] = json.loads(text)
    return data


def walk(items: list[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        yield from walk(item.get("item", []))


@pytest.fixture(scope="module")
def items(resource: dict[str, Any]) -> dict[str, Item]:
    found = list(walk(resource["item"]))
    links = [item["linkId"] for item in found]
    assert len(links) == len(set(links)), "linkIds must be unique (que-2)"
    return {item["linkId"]: item for item in found}


def extensions(item: Item, url: str) -> list[Item]:
    return [e for e in item.get("extension", []) if e["url"] == url]


def localized(element: Item | None, url: str) -> dict[str, str]:
    """lang -> content of the translation (or proxy-text) extensions on `_field`."""
    found = {}
    for extension in (element or {}).get("extension", []):
        if extension["url"] == url:
            parts = {part["url"]: part for part in extension["extension"]}
            found[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return found


# --- The resource -----------------------------------------------------------------


def test_the_resource_names_the_questionnaire_and_its_version(
    resource: dict[str, Any], english: Questionnaire
) -> None:
    assert resource["resourceType"] == "Questionnaire"
    assert resource["url"] == identity.questionnaire_url(BASE)
    assert resource["version"] == english.version
    assert resource["title"] == english.file.title
    assert resource["name"] == "DystoniaScreener"
    assert resource["status"] == "draft"  # provenance: draft
    assert resource["language"] == "en"


def test_a_reviewed_file_is_active(minimal_questionnaire: Questionnaire) -> None:
    built = fhir_questionnaire(minimal_questionnaire, BASE)
    assert built.status == "active"
    assert built.lastReviewDate == dt.date(2026, 11, 1)


def test_sections_and_pages_are_groups_holding_the_questions(
    resource: dict[str, Any], english: Questionnaire
) -> None:
    links = group_link_ids(english)
    assert [item["linkId"] for item in resource["item"]] == [
        links["section", section.id] for section in english.file.sections
    ]
    for section, item in zip(english.file.sections, resource["item"], strict=True):
        assert item["type"] == "group"
        assert item["text"] == section.title
        pages = [child for child in item["item"] if child["type"] == "group"]
        assert [page["linkId"] for page in pages] == [
            links["page", page.id] for page in section.pages
        ]
        for page, page_item in zip(section.pages, pages, strict=True):
            assert page_item["text"] == english.page(page.id).page.title
            questions = [
                c["linkId"] for c in page_item["item"] if c["type"] != "display"
            ]
            assert questions == [question.id for question in page.questions]
    # Ids are unique per kind only: the section that shares a question's id is renamed.
    assert links["section", "anything_else"] == "section.anything_else"
    assert links["section", "safety"] == "safety"


def test_every_question_appears_once_with_its_type(
    items: dict[str, Item], english: Questionnaire
) -> None:
    for question in english.questions():
        item = items[question.id]
        kind, repeats = TYPES[question.type]
        assert item["type"] == kind, question.id
        assert item.get("repeats") == repeats, question.id
        assert item["text"] == question.text
        assert item["required"] is question.required
    questions = [i for i in items.values() if i["type"] not in ("group", "display")]
    assert len(questions) == sum(1 for _ in english.questions())


def test_every_choice_is_an_answer_option_in_the_question_s_code_system(
    items: dict[str, Item], english: Questionnaire
) -> None:
    checked = 0
    for question in english.questions():
        if not isinstance(question, ChoiceQuestionBase):
            assert "answerOption" not in items[question.id]
            continue
        codings = [
            option["valueCoding"] for option in items[question.id]["answerOption"]
        ]
        assert codings == [
            {
                **coding,
                "system": identity.code_system(BASE, question.id),
                "code": choice.code,
                "display": choice.label,
            }
            for coding, choice in zip(codings, english.options(question), strict=True)
        ]
        checked += len(codings)
    assert checked > 300


def test_exclusive_choices_are_marked(items: dict[str, Item]) -> None:
    none = items["safety_now"]["answerOption"][-1]
    assert none["valueCoding"]["code"] == "none"
    assert extensions(
        none, "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
    ) == [
        {
            "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive",
            "valueBoolean": True,
        }
    ]


def test_numbers_text_hints_and_guidance(
    items: dict[str, Item], english: Questionnaire
) -> None:
    scale = items["pain_severity"]
    assert extensions(scale, "http://hl7.org/fhir/StructureDefinition/minValue") == [
        {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0}
    ]
    assert extensions(scale, "http://hl7.org/fhir/StructureDefinition/maxValue") == [
        {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10}
    ]
    assert items["pain_severity.upper"]["text"] == "the worst pain you can imagine"
    assert items["anything_else"]["maxLength"] == 1000
    # A hint is an SDC help item: a display child with itemControl "help".
    help_item = items["safety_now.help"]
    assert help_item in items["safety_now"]["item"]
    assert help_item["type"] == "display"
    assert help_item["text"] == english.question("safety_now").hint
    control = extensions(
        help_item, "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
    )
    assert control[0]["valueCodeableConcept"]["coding"][0]["code"] == "help"
    # A page's guidance is a display item at the top of the page.
    guidance = items["safety_check"]["item"][0]
    assert guidance["type"] == "display"
    assert guidance["text"] == english.page("safety_check").page.guidance[0]


# --- show_if ----------------------------------------------------------------------


def show_ifs(q: Questionnaire) -> Iterator[tuple[str, Condition]]:
    links = group_link_ids(q)
    for section in q.file.sections:
        if section.show_if:
            yield links["section", section.id], section.show_if
        for page in section.pages:
            if page.show_if:
                yield links["page", page.id], page.show_if
            for n, note in enumerate(page.guidance):
                if isinstance(note, Note):
                    yield f"{page.id}.guidance.{n}", note.show_if
            for question in page.questions:
                if question.show_if:
                    yield question.id, question.show_if


def test_every_show_if_is_enable_when_or_an_expression(
    items: dict[str, Item], english: Questionnaire
) -> None:
    conditions = dict(show_ifs(english))
    assert len(conditions) == 31
    plain = 0
    for link, item in items.items():
        expressions = extensions(item, ENABLE_WHEN_EXPRESSION)
        if link not in conditions:
            assert "enableWhen" not in item, link
            assert not expressions, link
            continue
        assert ("enableWhen" in item) != bool(expressions), link
        plain += "enableWhen" in item
        for when in item.get("enableWhen", []):
            assert when["question"] in items
        if len(item.get("enableWhen", [])) > 1:
            assert item["enableBehavior"] in ("all", "any")
    stats = mapping_stats(english)
    assert (stats.enable_when, stats.expression) == (plain, len(conditions) - plain)
    assert (stats.enable_when, stats.expression) == (30, 1)


def coding(question: str, code: str) -> dict[str, str]:
    return {"system": identity.code_system(BASE, question), "code": code}


def test_a_region_s_question_is_enabled_when_that_region_is_ticked(
    items: dict[str, Item],
) -> None:
    assert items["neck_direction"]["enableWhen"] == [
        {
            "question": "body_regions",
            "operator": "=",
            "answerCoding": coding("body_regions", "neck"),
        }
    ]
    assert "enableBehavior" not in items["neck_direction"]
    # includes_any: one test per code, any of them.
    page = items["neck_module"]
    assert page["type"] == "group"
    assert page["enableWhen"] == [
        {
            "question": "body_regions",
            "operator": "=",
            "answerCoding": coding("body_regions", code),
        }
        for code in ("neck", "shoulder")
    ]
    assert page["enableBehavior"] == "any"
    # one_of on a single choice: the same.
    assert [
        w["answerCoding"]["code"] for w in items["attack_length"]["enableWhen"]
    ] == [
        "aware",
        "unaware",
    ]
    assert items["attack_length"]["enableBehavior"] == "any"
    # A note's all-of two answers.
    note = items["movement_pattern.guidance.0"]
    assert note["enableBehavior"] == "all"
    assert [(w["question"], w["answerCoding"]["code"]) for w in note["enableWhen"]] == [
        ("who_answering", "self"),
        ("age_band", "under_16"),
    ]


def test_counting_the_ticks_is_fhirpath(items: dict[str, Item]) -> None:
    first = items["first_region"]
    assert "enableWhen" not in first
    [expression] = extensions(first, ENABLE_WHEN_EXPRESSION)
    assert expression["valueExpression"]["language"] == "text/fhirpath"
    assert expression["valueExpression"]["expression"] == (
        "%resource.repeat(item).where(linkId = 'body_regions').answer.count() >= 2"
    )


def test_options_from_an_earlier_question_are_toggled_by_it(
    items: dict[str, Item], english: Questionnaire
) -> None:
    first = items["first_region"]
    codes = [option["valueCoding"]["code"] for option in first["answerOption"]]
    regions = [choice.code for choice in english.regions]
    assert codes == [*regions, "same_time", "not_sure"]
    toggles = extensions(
        first,
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression",
    )
    assert [t["extension"][0]["valueCoding"]["code"] for t in toggles] == regions
    neck = toggles[regions.index("neck")]["extension"][1]["valueExpression"]
    assert neck["expression"] == (
        "%resource.repeat(item).where(linkId = 'body_regions').answer.value"
        ".where(code = 'neck').exists()"
    )


def r4_enabled(item: Item, answers: dict[str, AnswerValue]) -> bool:
    """enableWhen as R4 defines it: `=` and `>=`/`<=` hold when at least one answer
    does, `!=` when no answer is equal, `exists` when there is an answer."""

    def test(when: Item) -> bool:
        value = answers.get(when["question"])
        given = [] if value is None else value if isinstance(value, list) else [value]
        if when["operator"] == "exists":
            return bool(given) is when["answerBoolean"]
        if "answerCoding" in when:
            assert when["answerCoding"]["system"] == identity.code_system(
                BASE, when["question"]
            )
            target: Any = when["answerCoding"]["code"]
        else:
            target = when["answerInteger"]
        return {
            "=": lambda: target in given,
            "!=": lambda: target not in given,
            ">=": lambda: any(v >= target for v in given),
            "<=": lambda: any(v <= target for v in given),
        }[when["operator"]]()

    results = [test(when) for when in item["enableWhen"]]
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def candidates(q: Questionnaire, question_id: str) -> list[AnswerValue | None]:
    question = q.question(question_id)
    if isinstance(question, ScaleQuestion | NumberQuestion):
        low, high = question.min, question.max
        return [None, low, low + 1, (low + high) // 2, high - 1, high]
    assert isinstance(question, ChoiceQuestionBase)
    codes = [choice.code for choice in q.options(question)]
    if question.type == "single_choice":
        return [None, *codes]
    half = len(codes) // 2
    return [None, [], *([code] for code in codes), codes[:half], codes[half:], codes]


def test_enable_when_agrees_with_the_app_for_every_plain_show_if(
    items: dict[str, Item], english: Questionnaire
) -> None:
    checked = 0
    for link, condition in show_ifs(english):
        if "enableWhen" not in items[link]:
            continue
        asked = sorted({test.question for test in comparisons(condition)})
        for values in itertools.product(*(candidates(english, qid) for qid in asked)):
            answers = {
                qid: value
                for qid, value in zip(asked, values, strict=True)
                if value is not None
            }
            assert r4_enabled(items[link], answers) == holds(condition, answers), (
                link,
                answers,
            )
            checked += 1
    assert checked > 300


# --- Voices and languages ---------------------------------------------------------


def test_the_spanish_text_is_a_translation_extension(
    resource: dict[str, Any], items: dict[str, Item], spanish: Questionnaire
) -> None:
    regions = items["body_regions"]
    assert localized(regions.get("_text"), TRANSLATION) == {
        "es": spanish.question("body_regions").text
    }
    neck = next(
        option["valueCoding"]
        for option in regions["answerOption"]
        if option["valueCoding"]["code"] == "neck"
    )
    spanish_regions = spanish.question("body_regions")
    assert isinstance(spanish_regions, ChoiceQuestionBase)
    spanish_neck = spanish.choice_label(spanish_regions, "neck")
    assert spanish_neck != "Neck"
    assert localized(neck.get("_display"), TRANSLATION) == {"es": spanish_neck}
    assert localized(resource.get("_title"), TRANSLATION) == {"es": spanish.file.title}
    page = spanish.page("neck_module").page.title
    assert localized(items["neck_module"].get("_text"), TRANSLATION)["es"] == page


def test_the_carer_s_wording_is_our_proxy_extension(
    resource: dict[str, Any],
    items: dict[str, Item],
    english: Questionnaire,
    spanish: Questionnaire,
) -> None:
    proxy = proxy_text_extension(BASE)
    regions = items["body_regions"]
    assert (
        regions["text"] == "Tick every part of your body where you notice the problem."
    )
    carers = localized(regions.get("_text"), proxy)
    assert carers == {
        "en": english.in_voice("proxy").question("body_regions").text,
        "es": spanish.in_voice("proxy").question("body_regions").text,
    }
    assert "their body" in carers["en"]
    # Text that reads the same for everyone has no carer's form.
    assert localized(items["safety_now"].get("_text"), proxy) == {}
    [when] = extensions(resource, f"{BASE}/StructureDefinition/proxy-voice")
    assert "who_answering" in when["valueExpression"]["expression"]


# --- The route and the command ----------------------------------------------------


def test_the_route_serves_it_to_anyone_as_fhir_json(
    app: Flask, client: FlaskClient, questionnaire: Questionnaire
) -> None:
    response = client.get(f"/fhir/Questionnaire/{questionnaire.version}")
    assert response.status_code == 200  # no sign-in: not a redirect to /staff/login
    assert response.mimetype == MEDIA_TYPE
    assert "Location" not in response.headers
    served = FHIRQuestionnaire.model_validate_json(response.get_data(as_text=True))
    assert served.version == questionnaire.version
    assert served.url == identity.questionnaire_url(app.config["FHIR_BASE_URL"])
    again = client.get(
        f"/fhir/Questionnaire/{questionnaire.version}",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


@pytest.mark.parametrize("version", ["no-such-version", "0", "x" * 100])
def test_an_unknown_version_is_not_found(client: FlaskClient, version: str) -> None:
    response = client.get(f"/fhir/Questionnaire/{version}")
    assert response.status_code == 404
    assert response.mimetype == MEDIA_TYPE
    assert response.get_json(force=True)["resourceType"] == "OperationOutcome"


def store_minimal_version(db: Session) -> None:
    db.add(
        QuestionnaireSnapshot(
            content_hash="f" * 64,
            version="test-1",
            content=MINIMAL_QUESTIONS.read_text(encoding="utf-8"),
            first_used_on=dt.date(2026, 1, 5),
        )
    )
    db.commit()


def test_an_older_version_patients_answered_is_served(
    client: FlaskClient, db: Session, minimal_questionnaire: Questionnaire
) -> None:
    store_minimal_version(db)
    response = client.get("/fhir/Questionnaire/test-1")
    assert response.status_code == 200
    served = FHIRQuestionnaire.model_validate_json(response.get_data(as_text=True))
    assert served.version == "test-1"
    assert served.status == "active"
    sections = [section.id for section in minimal_questionnaire.file.sections]
    assert [item.linkId for item in served.item or []] == sections
    # Its translations were not stored: the clinic's language only.
    assert "_title" not in response.get_json(force=True)


def test_the_command_writes_the_same_json(
    client: FlaskClient,
    runner: FlaskCliRunner,
    questionnaire: Questionnaire,
    tmp_path: Path,
) -> None:
    out = tmp_path / "questionnaire.json"
    result = runner.invoke(args=["export-fhir-questionnaire", "--out", str(out)])
    assert result.exit_code == 0, result.output
    served = client.get(f"/fhir/Questionnaire/{questionnaire.version}")
    assert out.read_text(encoding="utf-8") == served.get_data(as_text=True)


def test_the_command_writes_an_older_version_and_refuses_an_unknown_one(
    client: FlaskClient, runner: FlaskCliRunner, db: Session, tmp_path: Path
) -> None:
    store_minimal_version(db)
    out = tmp_path / "old.json"
    result = runner.invoke(
        args=["export-fhir-questionnaire", "--version", "test-1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == client.get(
        "/fhir/Questionnaire/test-1"
    ).get_data(as_text=True)
    missing = runner.invoke(
        args=["export-fhir-questionnaire", "--version", "nope", "--out", str(out)]
    )
    assert missing.exit_code == 1
    assert "no questionnaire version 'nope'" in missing.output
