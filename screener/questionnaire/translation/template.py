"""The file a translator fills in: every text to translate, with its English beside
it, and what an existing translation already says where it is still current."""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..voice import person_markers
from .document import Entry
from .document import source_hash
from .fields import Slot

DRAFT_NOTE = "Draft translation, not yet reviewed by a clinician or a native speaker."


def template(
    language: str, english: Mapping[str, Slot], existing: Mapping[str, Entry]
) -> str:
    """YAML for translations/<language>.yaml. An entry already translated from the
    current English keeps its text; any other has an empty `text` to fill in (the
    checker refuses empty ones), with the English as a comment above it."""
    lines = [
        f"# The questionnaire in language {language!r}: each entry translates the",
        "# text of questions.yaml under the same key. `source` is the hash of the",
        "# English it was made from; when the English changes, the checker asks for",
        "# it again.",
        f"language: {language}",
        "provenance:",
        "  status: draft",
        f"  note: {json.dumps(DRAFT_NOTE, ensure_ascii=False)}",
        "texts:",
    ]
    for key, slot in english.items():
        digest = source_hash(slot.text)
        kept = existing.get(key)
        current = kept is not None and kept.source == digest
        lines.append(f"  # en: {json.dumps(slot.text, ensure_ascii=False)}")
        lines.append(f"  {key}:")
        lines.append(f"    source: {_quoted(digest)}")
        lines.append(f"    text: {_quoted(kept.text if kept and current else '')}")
        if person_markers(slot.text):
            proxy = kept.proxy if kept and current else None
            lines.append(f"    proxy: {_quoted(proxy or '')}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)
