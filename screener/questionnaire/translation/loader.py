"""Read a translation, check it against the English, and build the questionnaire in
that language.

A translation is refused, with every problem named by file, line and key, when an
entry is missing, extra or stale (the English changed since it was translated), when
it lacks the carer's form the English has (or gives one the English has not), when it
drops or adds a setting such as {emergency_number}, and when its text breaks the
wording rules of its language (diagnostic words, labels by implication, conditions
named in text chosen by the answers, reading ease).

The questionnaire built keeps the English's ids, codes, logic, version and content
hash: only the words differ, so answers given in one language are the same answers in
any other, and a submission is stored against the English version it answered.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .. import checks
from ..document import Questionnaire
from ..loader import from_pydantic
from ..loader import parse_yaml
from ..loader import reword
from ..model import QuestionnaireFile
from ..problems import Problem
from ..problems import QuestionnaireError
from ..voice import SETTING_NAMES
from ..voice import VOICES
from ..voice import markers_in
from ..voice import person_markers
from ..wording import WordingRules
from .document import Entry
from .document import TranslationFile
from .document import source_hash
from .fields import slots
from .rules import RULES


def translations_folder(questions_path: Path | str) -> Path:
    """Where translations live: a folder `translations` beside questions.yaml."""
    return Path(questions_path).resolve().parent / "translations"


def translation_path(questions_path: Path | str, language: str) -> Path:
    return translations_folder(questions_path) / f"{language}.yaml"


def translations_beside(questions_path: Path | str) -> dict[str, Path]:
    """Every translation file beside a questions.yaml, by language code."""
    found = sorted(translations_folder(questions_path).glob("*.yaml"))
    return {path.stem: path for path in found}


def load_translation(
    english: Questionnaire, language: str, rules: WordingRules | None = None
) -> Questionnaire:
    """The questionnaire in `language`, from its translation beside `english`'s file;
    raise QuestionnaireError naming every problem if it cannot be used."""
    path = translation_path(english.source, language)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuestionnaireError(
            source,
            [Problem("", f"cannot read the translation ({exc.strerror})")],
        ) from exc
    except UnicodeDecodeError as exc:
        raise QuestionnaireError(
            source, [Problem("", "the file is not UTF-8 text")]
        ) from exc
    data, root = parse_yaml(source, text)
    try:
        translation = TranslationFile.model_validate(data)
    except ValidationError as exc:
        raise QuestionnaireError(
            source, [from_pydantic(e, data, root) for e in exc.errors()]
        ) from exc
    lines = _key_lines(root)
    # Parsed once: the checks read it, and each voice is built from a copy of it.
    data_en = english_data(english)
    problems = [
        Problem(key, message, lines.get(key))
        for key, message in _entry_problems(data_en, language, translation)
    ]
    if problems:
        raise QuestionnaireError(source, problems)
    translated = _build(english, data_en, translation, source)
    wording = checks.wording(translated, translated, rules or RULES[language])
    if wording:
        raise QuestionnaireError(source, [_placed(p, lines) for p in wording])
    return translated


def english_data(english: Questionnaire) -> dict[str, Any]:
    """The English file as parsed, texts still marked: what keys and hashes follow."""
    data, _root = parse_yaml(english.source, english.content)
    return data  # type: ignore[no-any-return]


def _entry_problems(
    english: dict[str, Any], language: str, translation: TranslationFile
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if translation.language != language:
        found.append(
            (
                "language",
                f"says {translation.language!r}, but the file is for {language!r}",
            )
        )
    wanted = {key: slot.text for key, slot in slots(english).items()}
    for key, source in wanted.items():
        entry = translation.texts.get(key)
        if entry is None:
            found.append((key, f"not translated; the English is {source!r}"))
            continue
        if entry.source != source_hash(source):
            found.append(
                (
                    key,
                    "stale: the English has changed since this was translated; "
                    f"translate it again from {source!r} and set source: "
                    f"{source_hash(source)}",
                )
            )
            continue
        found.extend((key, message) for message in _text_problems(source, entry))
    for key in translation.texts.keys() - wanted.keys():
        found.append((key, "no such text in questions.yaml (removed or renamed?)"))
    return found


def _text_problems(english: str, entry: Entry) -> list[str]:
    """A translated entry keeps the English's settings and its carer's form."""
    problems = []
    if person_markers(english) and entry.proxy is None:
        problems.append(
            "the English has a form for a parent or carer ({their}, {they}, ...): "
            "give it as `proxy:`"
        )
    if not person_markers(english) and entry.proxy is not None:
        problems.append(
            "has a `proxy:` form, but the English reads the same for everyone"
        )
    wanted = Counter(name for name in markers_in(english) if name in SETTING_NAMES)
    for field, text in (("text", entry.text), ("proxy", entry.proxy)):
        if text is None:
            continue
        given = Counter(markers_in(text))
        unknown = sorted(name for name in given if name not in SETTING_NAMES)
        if unknown:
            problems.append(
                f"`{field}` has {', '.join('{' + n + '}' for n in unknown)}: only the "
                "settings ({emergency_number} and the like) are written in braces"
            )
        elif given != wanted:
            problems.append(
                f"`{field}` must name the same settings as the English "
                f"({_settings(wanted) or 'none'}), not {_settings(given) or 'none'}"
            )
    return problems


def _settings(names: Counter[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names.elements()))


def _build(
    english: Questionnaire,
    parsed: dict[str, Any],
    translation: TranslationFile,
    source: str,
) -> Questionnaire:
    """The English file with each text replaced, once as the person reads it and once
    as a carer does, then filled in with the deployment's settings."""
    worded = {}
    for voice in ("self", "proxy"):
        data = copy.deepcopy(parsed)
        for key, slot in slots(data).items():
            entry = translation.texts[key]
            slot.put(entry.proxy or entry.text if voice == "proxy" else entry.text)
        file = QuestionnaireFile.model_validate(data)
        worded[voice] = reword(file, voice, english.settings)
    translated = Questionnaire.in_both_voices(
        worded["self"],
        worded["proxy"],
        source=source,
        content=english.content,
        settings=english.settings,
        language=translation.language,
    )
    for voice in VOICES:
        translated.in_voice(voice).translation = translation.provenance
    return translated


def _key_lines(root: yaml.Node | None) -> dict[str, int]:
    """Each entry's line in the translation file."""
    lines: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        if key.value == "texts" and isinstance(value, yaml.MappingNode):
            for entry, _ in value.value:
                lines[entry.value] = entry.start_mark.line + 1
    return lines


def _placed(problem: Problem, lines: dict[str, int]) -> Problem:
    """A wording problem names an item ("question 'neck_turn'"); give it the line of
    that item's first entry in the translation."""
    kind, _, rest = problem.where.partition(" '")
    item = rest.split("'")[0]
    prefix = {
        "question": "question.",
        "page": "page.",
        "red flag": "red_flag.",
        "education module": "education.",
        "section": "section.",
        "key point": "summary.key_point.",
        "choice list": "choice_list.",
        "red-flag level": "red_flag_level.",
    }.get(kind.split(" (")[0], "")
    wanted = f"{prefix}{item}." if prefix and item else problem.where.split(" ")[0]
    line = next((n for key, n in lines.items() if key.startswith(wanted)), None)
    return Problem(problem.where, problem.message, line)
