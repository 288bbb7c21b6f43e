"""Translations of the questionnaire: refused when missing, extra, stale, without the
carer's form, dropping a setting or breaking its language's wording rules; and the
questionnaire built from one has the English's ids, codes, logic and hash."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from screener.questionnaire import QuestionnaireError
from screener.questionnaire import load_questionnaire
from screener.questionnaire.model import QuestionnaireFile
from screener.questionnaire.texts import patient_texts
from screener.questionnaire.translation.document import source_hash
from screener.questionnaire.translation.fields import slots
from screener.questionnaire.translation.loader import english_data
from screener.questionnaire.translation.loader import load_translation
from screener.questionnaire.translation.loader import translation_path
from screener.questionnaire.translation.template import template

from .conftest import MINIMAL_QUESTIONS
from .conftest import SHIPPED_QUESTIONS

Edit = Callable[[dict], None]


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """The minimal questionnaire and its Spanish translation, in a folder alone."""
    target = tmp_path / "questions.yaml"
    shutil.copy(MINIMAL_QUESTIONS, target)
    (tmp_path / "translations").mkdir()
    shutil.copy(
        translation_path(MINIMAL_QUESTIONS, "es"), translation_path(target, "es")
    )
    return target


def problems_after(questions: Path, edit: Edit) -> str:
    path = translation_path(questions, "es")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as raised:
        load_translation(load_questionnaire(questions), "es")
    return str(raised.value)


def test_the_translation_keeps_the_english_logic_and_hash() -> None:
    english = load_questionnaire(MINIMAL_QUESTIONS)
    spanish = load_translation(english, "es")
    assert spanish.language == "es"
    assert spanish.content_hash == english.content_hash
    assert spanish.version == english.version
    assert [q.id for q in spanish.questions()] == [q.id for q in english.questions()]
    assert [c.code for c in spanish.regions] == [c.code for c in english.regions]
    assert spanish.question("neck_turn").text == "¿Se le gira la cabeza sola?"
    proxy = spanish.in_voice("proxy").question("neck_turn").text
    assert proxy == "¿A la persona se le gira la cabeza sola?"
    # Settings are filled in from the deployment, as in English.
    assert spanish.file.red_flag_levels["emergency"].action == "Llame ahora al 999."
    # The same answers raise the same flags and reach the same pages.
    answers = {"safety_now": ["breathing"], "body_regions": ["neck"]}
    assert [p.id for p in spanish.pages] == [p.id for p in english.pages]
    assert spanish.for_answers(answers).voice == english.for_answers(answers).voice


@pytest.mark.parametrize("questions", [MINIMAL_QUESTIONS, SHIPPED_QUESTIONS])
def test_every_patient_text_has_a_key(questions: Path) -> None:
    """A translation gives every text a patient can see (texts.py), so none is
    left in English."""
    q = load_questionnaire(questions)
    data = english_data(q)
    keyed = {slot.text for slot in slots(data).values()}
    as_written = QuestionnaireFile.model_validate(data)
    seen = {passage.text for passage in patient_texts(as_written) if passage.text}
    assert seen <= keyed


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d["texts"].pop("question.neck_turn.text"),
            "question.neck_turn.text: not translated; the English is "
            "'Does {their} head turn on its own?'",
        ),
        (
            lambda d: d["texts"].update(
                {"question.gone.text": {"source": "0" * 12, "text": "Hola"}}
            ),
            "question.gone.text: no such text in questions.yaml",
        ),
        (
            lambda d: d["texts"]["question.other.text"].update(source="0" * 12),
            "question.other.text: stale: the English has changed",
        ),
        (
            lambda d: d["texts"]["question.neck_turn.text"].pop("proxy"),
            "give it as `proxy:`",
        ),
        (
            lambda d: d["texts"]["question.other.text"].update(proxy="Otra cosa"),
            "the English reads the same for everyone",
        ),
        (
            lambda d: d["texts"]["red_flag_level.emergency.action"].update(
                text="Llame ahora al 112."
            ),
            "must name the same settings as the English ({emergency_number})",
        ),
        (
            lambda d: d["texts"]["question.other.text"].update(
                text="¿Algo más que {their} clínica deba saber?"
            ),
            "`text` has {their}: only the settings",
        ),
        (
            lambda d: d.update(language="fr"),
            "language: says 'fr', but the file is for 'es'",
        ),
        (
            lambda d: d["provenance"].update(reviewed_by="Dr Ejemplo"),
            "a draft translation has not been reviewed",
        ),
    ],
)
def test_a_faulty_translation_is_refused_by_key_and_line(
    copied: Path, edit: Edit, expected: str
) -> None:
    message = problems_after(copied, edit)
    assert expected in message
    assert f"{translation_path(copied, 'es')}" in message


def test_a_stale_entry_names_its_line(copied: Path) -> None:
    message = problems_after(
        copied, lambda d: d["texts"]["question.other.text"].update(source="0" * 12)
    )
    lines = translation_path(copied, "es").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "question.other.text:" in text)
    assert f", line {line}: question.other.text: stale" in message


def test_changing_the_english_makes_its_translation_stale(copied: Path) -> None:
    text = copied.read_text(encoding="utf-8")
    copied.write_text(
        text.replace("Is there anything else the clinic should know?", "Anything more?")
    )
    with pytest.raises(QuestionnaireError) as raised:
        load_translation(load_questionnaire(copied), "es")
    assert "question.other.text: stale" in str(raised.value)
    assert f"set source: {source_hash('Anything more?')}" in str(raised.value)


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        (
            "education.neck_info.paragraphs.0",
            "Usted tiene un problema en el cuello.",
            "diagnostic wording 'usted tiene'",
        ),
        (
            "education.neck_info.paragraphs.0",
            "Girar la cabeza es un signo de algo que un médico debe ver.",
            "wording that ties the answers to a condition 'un signo de'",
        ),
        (
            "education.neck_info.paragraphs.0",
            "A mucha gente con distonía en el cuello le ayuda un toque suave.",
            "names a condition ('distonía')",
        ),
        (
            "question.other.text",
            "¿Existe cualquier otra circunstancia extraordinariamente significativa "
            "que la institución hospitalaria necesitaría conocer anticipadamente?",
            "Fernández Huerta reading ease",
        ),
    ],
)
def test_spanish_wording_rules_apply(
    copied: Path, key: str, text: str, expected: str
) -> None:
    message = problems_after(copied, lambda d: d["texts"][key].update(text=text))
    assert expected in message


def test_the_template_keeps_current_entries_and_asks_for_the_rest(copied: Path) -> None:
    english = load_questionnaire(copied)
    spanish_file = yaml.safe_load(
        translation_path(copied, "es").read_text(encoding="utf-8")
    )
    from screener.questionnaire.translation.document import TranslationFile

    existing = TranslationFile.model_validate(spanish_file).texts
    copied.write_text(
        copied.read_text(encoding="utf-8").replace(
            "Is there anything else the clinic should know?", "Anything more?"
        )
    )
    english = load_questionnaire(copied)
    made = yaml.safe_load(template("es", slots(english_data(english)), existing))
    assert made["texts"]["question.neck_turn.text"]["text"] == (
        "¿Se le gira la cabeza sola?"
    )
    assert made["texts"]["question.other.text"] == {
        "source": source_hash("Anything more?"),
        "text": "",
    }
    assert made["provenance"]["status"] == "draft"
