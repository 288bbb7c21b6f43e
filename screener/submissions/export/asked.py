"""Telling "not asked" from "asked and left blank" in the export.

Answers are stored only for questions a patient was shown and answered: a hidden
question is never stored, and neither is an optional one left empty (or an optional
multiple choice with nothing ticked). A missing answer alone cannot say which it was;
the patient's path can, worked out from the answers they gave (`route.asked`).

The path is the one of the questionnaire the patient answered, read back from its
snapshot: today's may ask questions theirs did not have, or show them on other
conditions. When that version was never stored (or today's app cannot read it),
today's questionnaire stands in.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...questionnaire import Questionnaire
from .. import snapshots

#: The cell of a question that was shown on the patient's path and left blank, in
#: every kind of column (each offered option's 0/1 column too); a blank cell means
#: the question was not asked. Why this code:
#:
#: - It is HL7's null flavour "asked but unknown", one of the missing data codes
#:   REDCap suggests, so a REDCap project that lists it takes it in any field, and
#:   R or pandas read it as missing with one `na_values` setting. (REDCap codes may
#:   hold only letters, digits, dots, dashes and underscores: "(left blank)" could
#:   not be one.)
#: - It is not a number. -99 is a possible answer to a number or scale question
#:   whose range reaches it, and a spreadsheet would average it in without a word;
#:   text in a number column makes whoever reads it decide what it means.
#: - No real answer exports as it: choice codes are lower-case identifiers, numbers
#:   are numbers, and free text (or a label) reading exactly "ASKU" gets a leading
#:   apostrophe, as text that looks like a formula does (`cells.neutralise`).
#: - In a 0/1 column, 0 would be true of each box (shown, not ticked) but would make
#:   a skipped question look answered, and a count of 0s would take in patients who
#:   never answered it. (REDCap writes its code in an extra `field___code` column and
#:   leaves the options blank; a streamed CSV fixes its columns before the first row,
#:   so the code goes in the option columns themselves.)
LEFT_BLANK = "ASKU"


class AnsweredVersions:
    """The questionnaire each submission answered, by content hash, each version
    read once per export."""

    def __init__(self, current: Questionnaire, session: Session | None = None) -> None:
        self.current = current
        self.session = session
        self._found: dict[str | None, Questionnaire] = {current.content_hash: current}

    def __call__(self, content_hash: str | None) -> Questionnaire:
        found = self._found.get(content_hash)
        if found is None:
            answered = None
            if self.session is not None and content_hash:
                answered = snapshots.as_answered(
                    self.session, content_hash, self.current
                )
            found = self._found[content_hash] = answered or self.current
        return found
