"""The REDCap data dictionary: REDCap's own columns, every show_if as branching logic,
choices in REDCap's format, names REDCap accepts, and our CSV export importing into
the project it builds, column for column and cell for cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener import redcap
from screener.db.models import STATUSES
from screener.db.models import AuditEvent
from screener.languages import LANGUAGE_NAMES
from screener.questionnaire import Questionnaire
from screener.questionnaire import load_questionnaire
from screener.questionnaire.conditions import describe
from screener.questionnaire.levels import SUBMISSION_LEVELS
from screener.questionnaire.model import OPERATORS
from screener.questionnaire.model import AllOf
from screener.questionnaire.model import AnyOf
from screener.questionnaire.model import ChoiceQuestionBase
from screener.questionnaire.model import Comparison
from screener.questionnaire.model import ScaleQuestion
from screener.redcap import names
from screener.redcap.fields import question_field
from screener.redcap.text import choices_cell
from screener.redcap.text import display
from screener.submissions import export
from screener.submissions.export import FORMULA_STARTS
from screener.triage.distribution import PATTERNS

from .conftest import MINIMAL_QUESTIONS
from .conftest import SHIPPED_QUESTIONS
from .patient_walk import PatientWalk

#: REDCap's Data Dictionary template, column for column.
REDCAP_TEMPLATE = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]


@pytest.fixture(scope="module")
def shipped() -> Questionnaire:
    return load_questionnaire(SHIPPED_QUESTIONS)


@pytest.fixture(scope="module")
def minimal() -> Questionnaire:
    return load_questionnaire(MINIMAL_QUESTIONS)


@pytest.fixture(scope="module")
def dictionary(shipped: Questionnaire) -> redcap.RedcapDictionary:
    return redcap.build(shipped)


def parse(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def as_written(dictionary: redcap.RedcapDictionary) -> list[dict[str, str]]:
    """The dictionary as REDCap reads the file: each row by its column's name."""
    rows = parse("".join(dictionary.csv()).encode("utf-8"))
    assert rows[0] == REDCAP_TEMPLATE
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def redcap_columns(rows: list[dict[str, str]]) -> list[str]:
    """The columns REDCap's import takes for a project made from these rows: each
    checkbox field is `field___code` per choice, read back from its choices cell,
    any other field its own name."""
    found: list[str] = []
    for row in rows:
        name = row["Variable / Field Name"]
        if row["Field Type"] == "checkbox":
            choices = redcap.parse_choices(
                row["Choices, Calculations, OR Slider Labels"]
            )
            found.extend(f"{name}___{code.lower()}" for code, _label in choices)
        else:
            found.append(name)
    return found


def by_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["Variable / Field Name"]: row for row in rows}


# --- The file ---------------------------------------------------------------------


@pytest.mark.one_engine
def test_the_columns_are_redcaps_template(dictionary: redcap.RedcapDictionary) -> None:
    assert redcap.HEADER == REDCAP_TEMPLATE
    body = "".join(dictionary.csv())
    assert body.startswith("\ufeff")  # as REDCap's own downloads, and ours
    assert "\r\n" in body


@pytest.mark.one_engine
def test_the_record_id_comes_first_then_the_answers(
    dictionary: redcap.RedcapDictionary, shipped: Questionnaire
) -> None:
    rows = as_written(dictionary)
    first = rows[0]
    assert (first["Variable / Field Name"], first["Form Name"]) == (
        "reference",
        redcap.SUBMISSION_FORM,
    )
    assert first["Field Type"] == "text"
    assert not first["Branching Logic (Show field only if...)"]
    # One row per fixed column, then one per question (checkboxes named once).
    fixed = [col.name for col in export.FIXED_COLUMNS]
    assert [row["Variable / Field Name"] for row in rows] == fixed + [
        question.id for question in shipped.questions()
    ]
    forms = [row["Form Name"] for row in rows]
    assert forms == [redcap.SUBMISSION_FORM] * len(fixed) + [redcap.ANSWERS_FORM] * (
        len(rows) - len(fixed)
    )


@pytest.mark.one_engine
def test_each_section_title_heads_its_first_field(
    dictionary: redcap.RedcapDictionary, shipped: Questionnaire
) -> None:
    headers = {
        row["Variable / Field Name"]: row["Section Header"]
        for row in as_written(dictionary)
        if row["Section Header"]
    }
    assert headers == {
        section.pages[0].questions[0].id: section.title
        for section in shipped.file.sections
    }


# --- Our export imports into it -----------------------------------------------------


@pytest.mark.one_engine
def test_every_export_column_is_a_column_of_the_redcap_project(
    dictionary: redcap.RedcapDictionary, shipped: Questionnaire
) -> None:
    header = [col.name for col in export.columns(shipped)]
    expanded = redcap_columns(as_written(dictionary))
    cannot = [name for name in header if name not in expanded]
    assert cannot == []  # every column of our CSV imports
    # And in the same order: a REDCap export of the project reads like ours (but for
    # the `<form>_complete` status columns it adds).
    assert expanded == header
    assert redcap.columns(dictionary.fields) == header


@pytest.mark.one_engine
def test_every_name_is_one_redcap_accepts(
    dictionary: redcap.RedcapDictionary, shipped: Questionnaire
) -> None:
    assert dictionary.problems() == []
    forms = set(dictionary.forms)
    for question in shipped.questions():
        assert names.FIELD_NAME.match(question.id), question.id
        assert len(question.id) <= names.MAX_FIELD_NAME
        assert question.id not in names.RESERVED
        assert question.id not in {names.status_field(form) for form in forms}
    for col in export.columns(shipped):
        field, _, code = col.name.partition("___")
        assert names.FIELD_NAME.match(field), col.name
        assert not code or names.CHOICE_CODE.match(code), col.name


@pytest.mark.one_engine
def test_names_redcap_would_refuse_are_reported() -> None:
    def text(name: str, form: str = "f") -> redcap.Field:
        return redcap.Field(name=name, form=form, type="text", label="x")

    box = redcap.Field(
        name="box", form="f", type="checkbox", label="x", choices=(("a", "A"),)
    )
    found = redcap.problems(
        [
            text("record"),
            text("Bad"),
            text("2nd"),
            text("x" * 101),
            text("action"),
            text("redcap_event_name"),
            text("f_complete"),
            text("record"),
            box,
            text("box___a"),
            redcap.Field(
                name="c", form="f", type="radio", label="x", choices=(("o'k", "?"),)
            ),
            text("ok", form="Bad Form"),
        ]
    )
    for expected in [
        "field 'Bad': REDCap names are lower-case",
        "field '2nd': REDCap names are lower-case",
        f"field '{'x' * 101}': longer than 100",
        "field 'action': a name REDCap keeps for itself",
        "field 'redcap_event_name': a name REDCap keeps for itself",
        "field 'f_complete': REDCap's status field",
        "field 'record': used twice",
        "field 'box___a': the column of a checkbox option",
        "field 'c': option code 'o'k' is not a plain code",
        "form 'Bad Form': not a REDCap instrument name",
    ]:
        assert any(problem.startswith(expected) for problem in found), expected


@pytest.mark.one_engine
def test_each_cell_of_real_exports_is_one_redcap_takes(
    app: Flask,
    staff_client: FlaskClient,
    questionnaire: Questionnaire,
    patient: PatientWalk,
) -> None:
    """Every kind of answer, and blank and ASKU: a routine patient, one opening every
    branch, and one who leaves the optional questions blank."""
    patient.complete()
    PatientWalk(app.test_client(), questionnaire, expansive=True).complete()
    PatientWalk(app.test_client(), questionnaire, telling=True).complete()
    response = staff_client.post("/staff/export.csv", data={})
    rows = parse(response.get_data())
    header, body = rows[0], rows[1:]
    assert len(body) == 3
    fields = {field.name: field for field in redcap.build(questionnaire).fields}
    refused = []
    for row in body:
        for column, value in zip(header, row, strict=True):
            name, _, code = column.partition("___")
            reason = redcap.refused(fields[name], value, checkbox_option=bool(code))
            if reason:
                refused.append(f"{column}: {reason}")
    assert refused == []
    assert any(value == export.LEFT_BLANK for row in body for value in row)
    # An optional multiple choice would put ASKU where REDCap takes only 0 or 1: the
    # shipped questionnaire has none.
    assert redcap.left_blank_checkboxes(list(fields.values())) == []


@pytest.mark.one_engine
def test_left_blank_in_a_checkbox_option_is_refused(minimal: Questionnaire) -> None:
    box = question_field(minimal, minimal.question("safety_now"))
    assert redcap.refused(box, export.LEFT_BLANK, checkbox_option=True)
    assert redcap.refused(box, "1", checkbox_option=True) is None
    radio = question_field(minimal, minimal.question("neck_turn"))
    assert redcap.refused(radio, export.LEFT_BLANK) is None  # a Missing Data Code
    assert redcap.refused(radio, "maybe")
    number = question_field(minimal, minimal.question("age_now"))
    assert redcap.refused(number, "forty")
    assert redcap.refused(number, "40") is None


# --- Branching logic --------------------------------------------------------------


@pytest.mark.one_engine
def test_branching_logic_of_known_questions(
    dictionary: redcap.RedcapDictionary,
) -> None:
    logic = {
        name: row["Branching Logic (Show field only if...)"]
        for name, row in by_name(as_written(dictionary)).items()
    }
    # Page and question conditions together.
    assert logic["neck_direction"] == (
        "(([body_regions(neck)] = '1' or [body_regions(shoulder)] = '1')"
        " and [body_regions(neck)] = '1')"
    )
    assert logic["shoulder_side"] == "[body_regions(shoulder)] = '1'"
    assert logic["device_signs"] == (
        "([devices(baclofen_pump)] = '1' or [devices(brain_stimulator)] = '1')"
    )
    assert logic["task_which"] == "[move_when] = 'one_activity'"
    assert logic["child_development"] == "[age_band] = 'under_16'"
    assert logic["attack_length"] == "([attacks] = 'aware' or [attacks] = 'unaware')"
    assert logic["first_region"] == (
        "sum([body_regions(eyes)], [body_regions(lower_face)], [body_regions(voice)], "
        "[body_regions(neck)], [body_regions(shoulder)], [body_regions(arm_hand)], "
        "[body_regions(trunk)], [body_regions(leg_foot)]) >= 2"
    )
    assert logic["safety_now"] == ""
    assert logic["body_regions"] == ""


@pytest.mark.one_engine
def test_every_show_if_is_translated(
    dictionary: redcap.RedcapDictionary, shipped: Questionnaire
) -> None:
    in_file = [
        condition
        for section in shipped.file.sections
        for condition in [
            section.show_if,
            *(page.show_if for page in section.pages),
            *(q.show_if for page in section.pages for q in page.questions),
        ]
        if condition is not None
    ]
    done = dictionary.translations
    assert done.conditions == len(in_file)
    assert done.mapped == done.conditions
    assert done.unmapped == []
    # A question is conditional in REDCap exactly when it is in ours.
    logic = {field.name: field.branching for field in dictionary.fields}
    for question in shipped.questions():
        ref = shipped.page_of(question.id)
        offers_earlier = (
            isinstance(question, ChoiceQuestionBase)
            and bool(question.choices_from)
            and not question.choices
        )
        conditional = offers_earlier or any(
            (ref.section.show_if, ref.page.show_if, question.show_if)
        )
        assert bool(logic[question.id]) == conditional, question.id
    # A guidance note has no field to carry its condition: it is said, not dropped.
    notes = [
        (ref.id, note)
        for ref in shipped.pages
        for note in ref.page.guidance
        if not isinstance(note, str)
    ]
    assert len(done.not_carried) == len(notes) > 0
    for (page_id, note), said in zip(notes, done.not_carried, strict=True):
        assert said == (
            f"page '{page_id}': a guidance note shown if {describe(note.show_if)}"
        )


@pytest.mark.one_engine
def test_every_operator_has_a_translation(minimal: Questionnaire) -> None:
    assert redcap.BranchingLogic(minimal).operators == set(OPERATORS)


@pytest.mark.one_engine
@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"question": "neck_turn", "equals": "yes"}, "[neck_turn] = 'yes'"),
        ({"question": "neck_turn", "one_of": ["yes"]}, "[neck_turn] = 'yes'"),
        (
            {"question": "neck_turn", "one_of": ["yes", "not_sure"]},
            "([neck_turn] = 'yes' or [neck_turn] = 'not_sure')",
        ),
        (
            {"question": "neck_turn", "not_one_of": ["no", "not_sure"]},
            "([neck_turn] <> '' and [neck_turn] <> 'ASKU'"
            " and [neck_turn] <> 'no' and [neck_turn] <> 'not_sure')",
        ),
        (
            {"question": "body_regions", "includes": "neck"},
            "[body_regions(neck)] = '1'",
        ),
        (
            {"question": "body_regions", "includes_any": ["neck", "arm_hand"]},
            "([body_regions(neck)] = '1' or [body_regions(arm_hand)] = '1')",
        ),
        (
            {"question": "body_regions", "selected_at_least": 2},
            "sum([body_regions(neck)], [body_regions(arm_hand)]) >= 2",
        ),
        # A stored answer has something ticked: "at least 0" is "answered".
        (
            {"question": "body_regions", "selected_at_least": 0},
            "sum([body_regions(neck)], [body_regions(arm_hand)]) >= 1",
        ),
        (
            {"question": "age_now", "at_least": 16},
            "([age_now] <> '' and [age_now] <> 'ASKU' and [age_now] >= 16)",
        ),
        (
            {"question": "neck_pain", "at_most": 3},
            "([neck_pain] <> '' and [neck_pain] <> 'ASKU' and [neck_pain] <= 3)",
        ),
    ],
)
def test_each_operator(
    minimal: Questionnaire, condition: dict[str, object], expected: str
) -> None:
    test = Comparison.model_validate(condition)
    assert redcap.BranchingLogic(minimal).translate(test) == expected


@pytest.mark.one_engine
def test_all_and_any_nest(minimal: Questionnaire) -> None:
    condition = AllOf.model_validate(
        {
            "all": [
                {"question": "who_answering", "equals": "self"},
                {
                    "any": [
                        {"question": "body_regions", "includes": "neck"},
                        {"question": "age_now", "at_most": 15},
                    ]
                },
            ]
        }
    )
    assert redcap.BranchingLogic(minimal).translate(condition) == (
        "([who_answering] = 'self' and ([body_regions(neck)] = '1' or "
        "([age_now] <> '' and [age_now] <> 'ASKU' and [age_now] <= 15)))"
    )
    single = AnyOf.model_validate({"any": [{"question": "neck_turn", "equals": "no"}]})
    assert redcap.BranchingLogic(minimal).translate(single) == "[neck_turn] = 'no'"


@pytest.mark.one_engine
def test_what_cannot_be_said_is_refused_not_guessed(minimal: Questionnaire) -> None:
    logic = redcap.BranchingLogic(minimal)
    for condition in [
        {"question": "neck_turn", "equals": "it's"},  # would end the quoted value
        {"question": "neck_turn", "one_of": []},
        {"question": "age_now", "selected_at_least": 1},  # no options to count
        {"question": "no_such_question", "selected_at_least": 1},
    ]:
        with pytest.raises(redcap.Unmapped):
            logic.translate(Comparison.model_validate(condition))


@pytest.mark.one_engine
def test_an_untranslated_condition_is_reported_and_noted_on_its_fields(
    shipped: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = redcap.BranchingLogic.translate
    neck_page = shipped.page("neck_module").page.show_if
    pain = shipped.question("pain_severity").show_if

    def failing(self: redcap.BranchingLogic, condition: object) -> str:
        if condition is neck_page or condition is pain:
            raise redcap.Unmapped("made to fail")
        return original(self, condition)

    monkeypatch.setattr(redcap.BranchingLogic, "translate", failing)
    built = redcap.build(shipped)
    done = built.translations
    assert done.mapped == done.conditions - 2
    assert done.unmapped[0] == (
        "page 'neck_module': body_regions includes any of neck, shoulder (made to fail)"
    )
    assert done.unmapped[1].startswith("question 'pain_severity': pain_where includes")
    fields = {field.name: field for field in built.fields}
    # The question's own condition still holds; the note says what is missing.
    assert fields["neck_direction"].branching == "[body_regions(neck)] = '1'"
    assert "Not translated: page 'neck_module'" in fields["neck_direction"].annotation
    assert "Not translated" not in fields["eyes_signs"].annotation
    # A scale (radio) keeps the note too, with no branching left.
    assert fields["pain_severity"].branching == ""
    assert fields["pain_severity"].annotation.startswith(
        "Not translated: question 'pain_severity'"
    )


# --- Field types, choices and texts ---------------------------------------------------


@pytest.mark.one_engine
def test_choices_are_in_redcaps_format_and_read_back(
    dictionary: redcap.RedcapDictionary, shipped: Questionnaire
) -> None:
    rows = by_name(as_written(dictionary))
    for question in shipped.questions():
        if not isinstance(question, ChoiceQuestionBase):
            continue
        cell = rows[question.id]["Choices, Calculations, OR Slider Labels"]
        expected = [(c.code, c.label) for c in shipped.options(question)]
        assert redcap.parse_choices(cell) == expected, question.id
    # A label with commas in it stays one choice: REDCap splits on the first comma.
    safety = rows["safety_now"]["Choices, Calculations, OR Slider Labels"]
    assert safety.startswith(
        "breathing, Trouble breathing, or noisy or high-pitched breathing | "
    )
    assert rows["first_region"]["Field Type"] == "radio"
    codes = [
        code
        for code, _ in redcap.parse_choices(
            rows["first_region"]["Choices, Calculations, OR Slider Labels"]
        )
    ]
    assert codes == [c.code for c in shipped.regions] + ["same_time", "not_sure"]
    assert (
        "offered only the options they ticked in body_regions"
        in (rows["first_region"]["Field Annotation"])
    )


@pytest.mark.one_engine
def test_redcaps_special_characters_are_escaped() -> None:
    cell = choices_cell([("a", "One | two [three]\nfour"), ("b", "Yes, with a comma")])
    assert cell == "a, One &#124; two &#91;three&#93; four | b, Yes, with a comma"
    assert redcap.parse_choices(cell) == [
        ("a", "One &#124; two &#91;three&#93; four"),
        ("b", "Yes, with a comma"),
    ]
    # Piping and tags: [age] would be replaced by the answer, <b> taken as markup.
    assert (
        display("Is [age] <b>right</b>?")
        == "Is &#91;age&#93; &lt;b&gt;right&lt;/b&gt;?"
    )


@pytest.mark.one_engine
def test_quotes_and_formulas_in_texts(minimal: Questionnaire) -> None:
    question = minimal.question("other").model_copy(
        update={"text": '=HYPERLINK("http://evil.example") "quoted"', "hint": "@SUM(1)"}
    )
    field = question_field(minimal, question)
    body = "".join(export.write_csv(redcap.HEADER, [field.row()]))
    row = dict(zip(REDCAP_TEMPLATE, parse(body.encode())[1], strict=True))
    assert row["Field Label"] == '\'=HYPERLINK("http://evil.example") "quoted"'
    assert row["Field Note"] == "'@SUM(1)"
    assert '"\'=HYPERLINK(""http://evil.example"") ""quoted"""' in body


@pytest.mark.one_engine
def test_no_cell_starts_like_a_formula(dictionary: redcap.RedcapDictionary) -> None:
    for row in as_written(dictionary):
        for column, value in row.items():
            assert not value.startswith(FORMULA_STARTS), (column, value)
    annotation = by_name(as_written(dictionary))["safety_now"]["Field Annotation"]
    # An action tag first would get the apostrophe and stop working.
    assert annotation == "Action tags: @NONEOFTHEABOVE='none'"


@pytest.mark.one_engine
def test_field_types(
    dictionary: redcap.RedcapDictionary, minimal: Questionnaire
) -> None:
    rows = by_name(as_written(dictionary))
    assert rows["who_answering"]["Field Type"] == "radio"
    assert rows["body_regions"]["Field Type"] == "checkbox"
    assert rows["body_regions"]["Required Field?"] == "y"
    assert "@NONEOFTHEABOVE='none,not_sure'" in rows["voice_easier"]["Field Annotation"]
    pain = rows["pain_severity"]
    assert pain["Field Type"] == "radio"
    assert pain["Custom Alignment"] == "LH"
    scale = redcap.parse_choices(pain["Choices, Calculations, OR Slider Labels"])
    assert [code for code, _ in scale] == [str(n) for n in range(11)]
    assert scale[0] == ("0", "0 (no pain)")
    notes = rows["anything_else"]
    assert (notes["Field Type"], notes["Identifier?"], notes["Required Field?"]) == (
        "notes",
        "y",
        "",
    )
    assert notes["Field Annotation"] == "Action tags: @CHARLIMIT=1000"
    hinted = rows["safety_now"]["Field Note"]
    assert "Tick all that apply." in hinted
    assert "Sudden weakness or numbness on one side" in hinted  # a choice's hint

    number = question_field(minimal, minimal.question("age_now"))
    assert (number.type, number.validation, number.minimum, number.maximum) == (
        "text",
        "integer",
        0,
        120,
    )
    assert number.note == "In years."
    row = number.row()
    assert row[8:10] == [0, 120]  # numbers, not text


@pytest.mark.one_engine
def test_a_scale_below_zero_keeps_its_codes_as_an_integer_field(
    minimal: Questionnaire,
) -> None:
    scale = ScaleQuestion(
        id="change",
        type="scale",
        text="How has it changed?",
        min=-5,
        max=5,
        min_label="much worse",
        max_label="much better",
    )
    field = question_field(minimal, scale)
    assert (field.type, field.validation, field.minimum, field.maximum) == (
        "text",
        "integer",
        -5,
        5,
    )
    assert field.row()[8] == -5  # not "'-5", which REDCap would refuse
    assert "-5 = much worse" in field.note


@pytest.mark.one_engine
def test_the_fixed_columns(dictionary: redcap.RedcapDictionary) -> None:
    rows = by_name(as_written(dictionary))

    def codes(name: str) -> list[str]:
        cell = rows[name]["Choices, Calculations, OR Slider Labels"]
        return [code for code, _ in redcap.parse_choices(cell)]

    assert rows["submitted_on"]["Text Validation Type OR Show Slider Number"] == (
        "date_ymd"
    )
    assert codes("language") == list(LANGUAGE_NAMES)
    assert codes("status") == list(STATUSES)
    assert codes("red_flag_level") == list(SUBMISSION_LEVELS)
    assert codes("distribution_pattern") == list(PATTERNS)
    assert "@READONLY" in rows["regions"]["Field Annotation"]
    assert rows["regions"]["Field Type"] == "text"


# --- The command and the download ---------------------------------------------------


def test_the_command_writes_what_staff_download(
    app: Flask, staff_client: FlaskClient, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    out = tmp_path / "redcap.csv"
    result = app.test_cli_runner().invoke(args=["export-redcap", "--out", str(out)])
    assert result.exit_code == 0, result.output
    count = redcap.build(questionnaire).translations.conditions
    assert f"{count} of {count} show_if conditions translated" in result.output
    downloaded = staff_client.get("/staff/redcap-dictionary.csv")
    assert downloaded.status_code == 200
    assert out.read_bytes() == downloaded.get_data()
    assert downloaded.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert downloaded.headers["Content-Disposition"].startswith(
        'attachment; filename="screener-redcap-dictionary-'
    )


def test_the_download_needs_a_signed_in_staff_member(client: FlaskClient) -> None:
    response = client.get("/staff/redcap-dictionary.csv")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")


def test_the_download_is_audited(staff_client: FlaskClient, db: Session) -> None:
    assert staff_client.get("/staff/redcap-dictionary.csv").status_code == 200
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "data_dictionary"))
    assert event is not None
    assert (event.actor, event.details) == ("reviewer1", {"format": "redcap"})


def test_the_queue_links_to_it(staff_client: FlaskClient) -> None:
    page = staff_client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/redcap-dictionary.csv"' in page
    assert "REDCap data dictionary (CSV)" in page
