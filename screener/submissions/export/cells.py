"""Cells a spreadsheet cannot run: formula characters neutralised at the start of the
cell and of every line in it, line breaks always quoted; and the cells each submission
stores, so that most rows export without decoding their answers."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from typing import Any

import orjson

from ...pathway import route
from ...questionnaire import Answers
from ...questionnaire import Questionnaire
from ...questionnaire.model import ChoiceQuestionBase
from ...triage.distribution import PATTERNS
from .asked import LEFT_BLANK
from .columns import Cell
from .columns import Column
from .columns import columns

#: A cell a spreadsheet would run as a formula starts with one of these (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARACTERS = frozenset(FORMULA_STARTS)
#: The start of the cell, or of any line inside it, followed by a formula character.
#: A spreadsheet that splits a cell on its line breaks (or a CSV that lost its quotes
#: on the way) would otherwise run the second line as a formula.
_LINE_STARTING_A_FORMULA = re.compile(r"(?:^|(?<=\n)|(?<=\r)(?!\n))(?=[=+\-@\t\r])")
#: Changed whenever the way cells are encoded changes, so that cells stored with an
#: older encoding stop being used (see `cells_key`).
#: 2: line breaks always quoted, every line of a cell neutralised;
#: 3: LEFT_BLANK for a question asked and left blank (it was blank, like "not asked").
CELLS_FORMAT = "3"
#: RFC 4180's record separator.
LINE_END = "\r\n"


def neutralise(cell: Cell) -> Cell:
    """Prefix a text cell that a spreadsheet could run as a formula with an apostrophe,
    and likewise every line inside it that starts like a formula; and a text answer
    that reads exactly as the left-blank code, so that the code means only that.

    Numbers stay numbers: only strings are touched, so -3 is still -3.
    """
    if isinstance(cell, str):
        if cell[:1] in _FORMULA_CHARACTERS or "\n" in cell or "\r" in cell:
            return _LINE_STARTING_A_FORMULA.sub("'", cell)
        if cell == LEFT_BLANK:
            return "'" + cell
    return cell


def cells_key(q: Questionnaire) -> str:
    """What stored cells must match to be exported as they are: the questionnaire
    they follow and the encoding they were written with."""
    return hashlib.sha256(f"{q.content_hash}:{CELLS_FORMAT}".encode()).hexdigest()


class RowBuilder:
    """Turns a submission's answers into cells, with a plan made once per export.

    The plan lists questions by kind so that each row is built with a few list
    operations rather than a call per cell: this is the export's hot loop.
    """

    def __init__(self, q: Questionnaire, cols: list[Column], labels: bool) -> None:
        self.q = q
        self.regions_question = q.file.regions_question
        #: The questionnaire a submission answered, from its content hash; an export
        #: sets one that reads old versions back (`asked.AnsweredVersions`).
        self.versions: Callable[[str | None], Questionnaire] = lambda _hash: q
        #: Per question, in column order: its id, and its option codes for 0/1 columns.
        self.plan: list[tuple[str, tuple[str, ...] | None]] = []
        self.labels: dict[str, dict[str, str]] = {}
        #: How the distribution pattern is written: its code, or its label.
        self.pattern_names: dict[str, str] = (
            dict(PATTERNS.items()) if labels else {code: code for code in PATTERNS}
        )
        #: Multiple choice offering what was ticked earlier: the options differ by row.
        self.offered_per_row: set[str] = set()
        for col in cols:
            if col.question is None:
                continue
            question = col.question
            if col.code is None:
                self.plan.append((question.id, None))
                if labels and isinstance(question, ChoiceQuestionBase):
                    options = q.options(question)
                    self.labels[question.id] = {c.code: c.label for c in options}
                continue
            if isinstance(question, ChoiceQuestionBase) and question.choices_from:
                self.offered_per_row.add(question.id)
            if self.plan and self.plan[-1][0] == question.id:
                qid, codes = self.plan[-1]
                self.plan[-1] = (qid, (*(codes or ()), col.code))
            else:
                self.plan.append((question.id, (col.code,)))

    def answer_cells(
        self, answers: dict[str, Any], answered: Questionnaire | None = None
    ) -> list[Cell]:
        """The regions column and every question column, neutralised.

        `answered` is the questionnaire the patient answered (by default this one):
        its path says which missing answers were asked and left blank.
        """
        answered = answered or self.q
        asked = route.asked(answered, answers)
        regions = answers.get(self.regions_question)
        cells: list[Any] = [
            neutralise(";".join(regions))
            if isinstance(regions, list)
            else (LEFT_BLANK if self.regions_question in asked else "")
        ]
        get, labels, safe = answers.get, self.labels, neutralise
        for question_id, codes in self.plan:
            value = get(question_id)
            if codes is None:
                if value is None:
                    cells.append(LEFT_BLANK if question_id in asked else "")
                elif value.__class__ is str:
                    named = labels.get(question_id)
                    cells.append(safe(named.get(value, value) if named else value))
                else:
                    cells.append(value)
            elif question_id in self.offered_per_row and question_id in asked:
                cells.extend(self._per_option(answered, question_id, codes, answers))
            elif value is None:
                cells.extend([LEFT_BLANK if question_id in asked else ""] * len(codes))
            else:
                chosen = set(value)
                cells.extend([1 if code in chosen else 0 for code in codes])
        return cells

    @staticmethod
    def _per_option(
        answered: Questionnaire,
        question_id: str,
        codes: tuple[str, ...],
        answers: Answers,
    ) -> list[Cell]:
        """0/1 columns of a question offering earlier answers: an option the patient
        was not offered was not asked about, so its cell is blank."""
        question = answered.question(question_id)
        offered = (
            {c.code for c in answered.options(question, answers)}
            if isinstance(question, ChoiceQuestionBase)
            else set(codes)
        )
        value = answers.get(question_id)
        chosen = set(value) if isinstance(value, list) else None
        return [
            ""
            if code not in offered
            else LEFT_BLANK
            if chosen is None
            else int(code in chosen)
            for code in codes
        ]

    def __call__(self, source: tuple[Any, ...]) -> list[Cell]:
        """A whole row: the fixed columns, then the answers' (JSON text is decoded).

        `source` is a row read with `writer.selecting()`.
        """
        (
            reference,
            day,
            version,
            language,
            status,
            level,
            pattern,
            answers,
            _,
            hash_,
        ) = source
        if isinstance(answers, str):
            answers = orjson.loads(answers)
        fixed: list[Cell] = [
            reference,
            day.isoformat(),
            neutralise(version),
            language,
            status,
            level,
            self.pattern_names.get(pattern, pattern) if pattern else "",
        ]
        return fixed + self.answer_cells(answers, self.versions(hash_))


def encode(cells: list[Cell]) -> str:
    """One CSV record, without the line ending.

    The writer is given the real line ending and it is cut off afterwards: the csv
    module quotes a cell holding a line break only when the break is part of its
    `lineterminator`, so an empty one would let a cell's line break end the row.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=LINE_END).writerow(cells)
    return buffer.getvalue().removesuffix(LINE_END)


def stored_cells(q: Questionnaire, answers: dict[str, Any]) -> str:
    """The CSV text kept with a submission: what it exports after the fixed columns.

    `q` is the questionnaire the answers were given to, as when they are sent.
    """
    # About 3 ms a submission: a builder per call, not one kept per questionnaire.
    return encode(RowBuilder(q, columns(q), labels=False).answer_cells(answers))
