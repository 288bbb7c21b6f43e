"""The names our FHIR resources give things: each defined once, under the clinic's
base URL (FHIR_BASE_URL), so that another system can tell our codes from its own."""

from __future__ import annotations

#: The Questionnaire's canonical name, after the base URL.
QUESTIONNAIRE_NAME = "dystonia-screener"


def questionnaire_url(base: str) -> str:
    """The canonical URL of the questionnaire (every version shares it)."""
    return f"{base.rstrip('/')}/Questionnaire/{QUESTIONNAIRE_NAME}"


def versioned_questionnaire(base: str, version: str) -> str:
    """The exact version a response answered: canonical|version."""
    return f"{questionnaire_url(base)}|{version}"


def code_system(base: str, question_id: str) -> str:
    """The code system of one question's answer codes (our codes, our labels)."""
    return f"{base.rstrip('/')}/CodeSystem/{question_id}"


def reference_system(base: str) -> str:
    """The identifier system of the reference codes patients are given."""
    return f"{base.rstrip('/')}/reference-code"


def red_flags_extension(base: str) -> str:
    """The extension on a response that lists the red flags its answers raised."""
    return f"{base.rstrip('/')}/StructureDefinition/red-flag"


def red_flag_system(base: str) -> str:
    """The code system of our red flags (their ids) and their levels."""
    return f"{base.rstrip('/')}/CodeSystem/red-flag"


def red_flag_level_extension(base: str) -> str:
    """The extension on a response that gives its most urgent red-flag level."""
    return f"{base.rstrip('/')}/StructureDefinition/red-flag-level"


def proxy_text_extension(base: str) -> str:
    """Our extension on a text: how a parent or carer reads it (`lang`, `content`)."""
    return f"{base.rstrip('/')}/StructureDefinition/proxy-text"


def proxy_voice_extension(base: str) -> str:
    """Our extension on the Questionnaire: when the carer's wording applies."""
    return f"{base.rstrip('/')}/StructureDefinition/proxy-voice"


def choice_hint_extension(base: str) -> str:
    """Our extension on an answerOption: its hint (`lang`, `voice`, `content`)."""
    return f"{base.rstrip('/')}/StructureDefinition/choice-hint"
