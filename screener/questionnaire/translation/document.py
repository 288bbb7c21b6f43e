"""A translation file, translations/<code>.yaml beside questions.yaml.

    language: es
    provenance:
      status: draft
      note: Draft translation, not yet reviewed by a clinician or a native speaker.
    texts:
      question.neck_turn.text:
        source: 3f2a9c1b07de   # the English it was made from: sha256, 12 hex digits
        text: ¿Se le gira la cabeza hacia un lado sin querer?
        proxy: ¿A la persona se le gira la cabeza hacia un lado sin querer?

`text` is what the person reads about themselves; `proxy`, required where the English
has a third-person form, what a parent or carer reads.

Each entry keeps a hash of the English text it translates, so a change to the English
makes the entry stale and the checker refuses it until someone translates it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import model_validator

#: Hex digits of sha256 kept per entry: enough that an edit always changes it.
SOURCE_HASH_LENGTH = 12


def source_hash(english: str) -> str:
    """What an entry records of the English text it was made from."""
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:SOURCE_HASH_LENGTH]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Strict):
    source: str = Field(pattern=rf"^[0-9a-f]{{{SOURCE_HASH_LENGTH}}}$")
    #: As the person reads it about themselves (addressed formally: "usted").
    text: str = Field(min_length=1)
    #: As a parent or carer reads it, where the English has a third-person form
    #: ({their}, {they}, ...); the checker asks for it there and only there.
    proxy: str | None = Field(default=None, min_length=1)


class TranslationProvenance(_Strict):
    """Who checked the translation. As with the English content: "draft" until a
    clinician and a native speaker sign it off, and a draft names no reviewer and no
    date, so no page can claim a review that has not happened."""

    status: Literal["draft", "reviewed"]
    note: str = Field(min_length=1)
    reviewed_by: str | None = None
    review_date: dt.date | None = None

    @model_validator(mode="after")
    def _honest(self) -> TranslationProvenance:
        named = [key for key in ("reviewed_by", "review_date") if getattr(self, key)]
        if self.status == "draft" and named:
            raise ValueError(
                f"a draft translation has not been reviewed, so it cannot give "
                f"{', '.join(named)}"
            )
        if self.status == "reviewed" and len(named) < 2:
            raise ValueError("a reviewed translation names reviewed_by and review_date")
        return self


class TranslationFile(_Strict):
    language: str = Field(pattern=r"^[a-z]{2}$")
    provenance: TranslationProvenance
    texts: dict[str, Entry]
