"""CSV export: one row per submission, columns from the questionnaire, safe in Excel.

The export reads plain columns, not ORM objects, and turns each submission into cells
with a plan made once per export from the column list; rows are written as a stream,
so memory stays flat however many submissions there are.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Select
from sqlalchemy import Text
from sqlalchemy import case
from sqlalchemy import cast
from sqlalchemy import false
from sqlalchemy import null
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from .models import Submission
from .questionnaire import Questionnaire
from .questionnaire.conditions import describe
from .questionnaire.model import AnyQuestion
from .questionnaire.model import ChoiceQuestionBase
from .questionnaire.model import MultipleChoiceQuestion

#: A cell a spreadsheet would run as a formula starts with one of these (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARACTERS = frozenset(FORMULA_STARTS)
#: The start of the cell, or of any line inside it, followed by a formula character.
#: A spreadsheet that splits a cell on its line breaks (or a CSV that lost its quotes
#: on the way) would otherwise run the second line as a formula.
_LINE_STARTING_A_FORMULA = re.compile(r"(?:^|(?<=\n)|(?<=\r)(?!\n))(?=[=+\-@\t\r])")
#: Changed whenever the way cells are encoded changes, so that cells stored with an
#: older encoding stop being used (see `cells_key`).
CELLS_FORMAT = "2"  # 2: line breaks always quoted, every line of a cell neutralised
#: Excel reads a file as UTF-8 only if it starts with a byte-order mark.
BOM = "\ufeff"
#: RFC 4180's record separator.
LINE_END = "\r\n"
#: Rows written to the buffer before it is sent on.
ROWS_PER_CHUNK = 500

Cell = str | int


@dataclass(frozen=True)
class Column:
    name: str
    #: What the column holds, for the data dictionary.
    description: str
    question: AnyQuestion | None = None
    #: For multiple choice: the option this 0/1 column is about.
    code: str | None = None


FIXED_COLUMNS = (
    Column("reference", "The reference code the patient was given."),
    Column("submitted_on", "The date the answers were sent (no time is kept)."),
    Column("questionnaire_version", "The version of questions.yaml that was answered."),
    Column("status", "Review status: new, reviewed, contacted or closed."),
    Column(
        "red_flag_level",
        "Most urgent red flag: emergency, same_day, within_days, none.",
    ),
    Column("regions", "Body regions reported, as codes separated by ';'."),
)


def columns(q: Questionnaire) -> list[Column]:
    """The fixed columns, then one per question (one per option for multiple choice)."""
    found = list(FIXED_COLUMNS)
    for question in q.questions():
        if not isinstance(question, MultipleChoiceQuestion):
            found.append(
                Column(question.id, "The answer; blank if not asked.", question)
            )
            continue
        for choice in q.options(question):
            meaning = f"1 if “{choice.label}” was ticked, 0 if not; blank if not asked."
            name = f"{question.id}___{choice.code}"
            found.append(Column(name, meaning, question, choice.code))
    return found


def neutralise(cell: Cell) -> Cell:
    """Prefix a text cell that a spreadsheet could run as a formula with an apostrophe,
    and likewise every line inside it that starts like a formula.

    Numbers stay numbers: only strings are touched, so -3 is still -3.
    """
    if isinstance(cell, str) and (
        cell[:1] in _FORMULA_CHARACTERS or "\n" in cell or "\r" in cell
    ):
        return _LINE_STARTING_A_FORMULA.sub("'", cell)
    return cell


def cells_key(q: Questionnaire) -> str:
    """What stored cells must match to be exported as they are: the questionnaire
    they follow and the encoding they were written with."""
    return hashlib.sha256(f"{q.content_hash}:{CELLS_FORMAT}".encode()).hexdigest()


def selecting(submissions: Select[Submission], current_key: str | None) -> Select[Any]:
    """The same submissions as `submissions`, as the plain columns the export reads.

    Where a row's stored cells are current (their `cells_key` is `current_key`), the
    database sends those and no answers; otherwise the answers, as text, and no
    cells. The JSON is then decoded only for the rows that need it.
    """
    fresh = Submission.export_hash == current_key if current_key else false()
    return submissions.with_only_columns(
        Submission.reference,
        Submission.submitted_on,
        Submission.questionnaire_version,
        Submission.status,
        Submission.red_flag_level,
        case((fresh, null()), else_=cast(Submission.answers, Text)),
        case((fresh, Submission.export_cells), else_=null()),
    )


class RowBuilder:
    """Turns a submission's answers into cells, with a plan made once per export.

    The plan lists questions by kind so that each row is built with a few list
    operations rather than a call per cell: this is the export's hot loop.
    """

    def __init__(self, q: Questionnaire, cols: list[Column], labels: bool) -> None:
        self.regions_question = q.file.regions_question
        #: Per question, in column order: its id, and its option codes for 0/1 columns.
        self.plan: list[tuple[str, tuple[str, ...] | None]] = []
        self.labels: dict[str, dict[str, str]] = {}
        for col in cols:
            if col.question is None:
                continue
            question = col.question
            if col.code is None:
                self.plan.append((question.id, None))
                if labels and isinstance(question, ChoiceQuestionBase):
                    options = q.options(question)
                    self.labels[question.id] = {c.code: c.label for c in options}
            elif self.plan and self.plan[-1][0] == question.id:
                qid, codes = self.plan[-1]
                self.plan[-1] = (qid, (*(codes or ()), col.code))
            else:
                self.plan.append((question.id, (col.code,)))

    def answer_cells(self, answers: dict[str, Any]) -> list[Cell]:
        """The regions column and every question column, neutralised."""
        regions = answers.get(self.regions_question)
        cells: list[Any] = [";".join(regions) if isinstance(regions, list) else ""]
        get, labels = answers.get, self.labels
        for question_id, codes in self.plan:
            value = get(question_id)
            if codes is None:
                named = labels.get(question_id)
                if value is None:
                    cells.append("")
                else:
                    cells.append(named.get(value, value) if named else value)
            elif value is None:
                cells.extend([""] * len(codes))
            else:
                chosen = set(value)
                cells.extend([1 if code in chosen else 0 for code in codes])
        # One pass over the finished row: any text cell could hold a formula.
        starts = _FORMULA_CHARACTERS
        return [
            neutralise(cell)
            if cell.__class__ is str
            and (cell[:1] in starts or "\n" in cell or "\r" in cell)
            else cell
            for cell in cells
        ]

    def __call__(self, source: tuple[Any, ...]) -> list[Cell]:
        """A whole row: the fixed columns, then the answers' (JSON text is decoded)."""
        reference, submitted_on, version, status, level, answers = source[:6]
        if isinstance(answers, str):
            answers = orjson.loads(answers)
        fixed: list[Cell] = [
            reference,
            submitted_on.isoformat(),
            neutralise(version),
            status,
            level,
        ]
        return fixed + self.answer_cells(answers)


@lru_cache(maxsize=4)
def _builder(q: Questionnaire) -> RowBuilder:
    return RowBuilder(q, columns(q), labels=False)


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
    """The CSV text kept with a submission: what it exports after the fixed columns."""
    return encode(_builder(q).answer_cells(answers))


@lru_cache(maxsize=64)
def _fixed_field(value: str) -> str:
    # Versions are few and repeat on every row: quote and neutralise each once.
    return encode([neutralise(value)])


def write_csv(header: list[str], rows: Iterable[list[Cell] | str]) -> Iterator[str]:
    """Yield the CSV text in chunks: a byte-order mark and header first, then rows.

    A row is a list of cells, or a record already encoded (without line ending).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    buffer.write(BOM)
    writer.writerow([neutralise(name) for name in header])
    for count, row in enumerate(rows, start=1):
        if isinstance(row, str):
            buffer.write(row)
            buffer.write(LINE_END)
        else:
            writer.writerow(row)
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class ExportRun:
    """One export: the CSV text in chunks, counting rows as they go out, so the
    audit log can say how many rows left, even if the download was cut short.

    Rows whose stored cells follow today's questionnaire are written from them;
    others, and any export with labels, are built from the answers.
    """

    def __init__(self, q: Questionnaire, labels: bool = False) -> None:
        self.labels = labels
        self.columns = columns(q)
        self.build = RowBuilder(q, self.columns, labels)
        self.current_key = None if labels else cells_key(q)
        self.rows = 0

    def records(self, sources: Iterable[Any]) -> Iterator[list[Cell] | str]:
        """Rows read with `selecting()`, as records for `write_csv`."""
        fixed, build = _fixed_field, self.build
        for source in sources:
            self.rows += 1
            reference, day, version, status, level, _answers, cells = source
            if cells is None:
                yield build(source)
            else:
                date = day.isoformat()
                yield f"{reference},{date},{fixed(version)},{status},{level},{cells}"

    def stream(
        self, session: Session, submissions: Select[Submission]
    ) -> Iterator[str]:
        """The CSV for the submissions a query selects, read in batches."""
        query = selecting(submissions, self.current_key).execution_options(
            yield_per=500
        )
        header = [col.name for col in self.columns]
        yield from write_csv(header, self.records(session.execute(query)))


def refresh_stored_cells(session: Session, q: Questionnaire, batch: int = 1000) -> int:
    """Re-render the stored cells of submissions made under another questionnaire
    version or cell encoding, so their exports take the fast path again; return how
    many changed."""
    key = cells_key(q)
    stale = select(Submission.id, Submission.answers).where(
        or_(Submission.export_hash.is_(None), Submission.export_hash != key)
    )
    changed = 0
    while rows := session.execute(stale.limit(batch)).all():
        session.execute(
            update(Submission),
            [
                {
                    "id": row.id,
                    "export_cells": stored_cells(q, row.answers),
                    "export_hash": key,
                }
                for row in rows
            ],
        )
        session.commit()
        changed += len(rows)
    return changed


DICTIONARY_HEADER = [
    "column",
    "section",
    "question_id",
    "question",
    "type",
    "choices",
    "show_if",
    "meaning",
]


def dictionary_rows(q: Questionnaire) -> Iterator[list[Cell]]:
    """Describe every export column, so the CSV can be read without the app."""
    for col in columns(q):
        question = col.question
        if question is None:
            yield [col.name, "", "", "", "", "", "", col.description]
            continue
        ref = q.page_of(question.id)
        shown = [
            c for c in (ref.section.show_if, ref.page.show_if, question.show_if) if c
        ]
        choices = ""
        if isinstance(question, ChoiceQuestionBase):
            offered = [c for c in q.options(question) if col.code in (None, c.code)]
            choices = "; ".join(f"{c.code}={c.label}" for c in offered)
        cells = (
            col.name,
            ref.section.title,
            question.id,
            question.text,
            question.type,
            choices,
            " and ".join(describe(c) for c in shown),
            col.description,
        )
        yield [neutralise(cell) for cell in cells]
