"""Writing the CSV: the rows a query selects, streamed in chunks, each row from its
stored cells when they are current, else built from the answers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any

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

from ...db.models import Submission
from ...questionnaire import Questionnaire
from .asked import AnsweredVersions
from .cells import LINE_END
from .cells import RowBuilder
from .cells import cells_key
from .cells import encode
from .cells import neutralise
from .columns import Cell
from .columns import columns

#: Excel reads a file as UTF-8 only if it starts with a byte-order mark.
BOM = "\ufeff"
#: Rows written to the buffer before it is sent on.
ROWS_PER_CHUNK = 500


def selecting(submissions: Select[Submission], current_key: str | None) -> Select[Any]:
    """The same submissions as `submissions`, as the plain columns the export reads.

    Where a row's stored cells are current (their `cells_key` is `current_key`), the
    database sends those and no answers; otherwise the answers, as text, and no
    cells. The JSON is then decoded only for the rows that need it, with the hash of
    the questionnaire answered, whose path tells "not asked" from "left blank".
    """
    fresh = Submission.export_hash == current_key if current_key else false()
    return submissions.with_only_columns(
        Submission.reference,
        Submission.submitted_on,
        Submission.questionnaire_version,
        Submission.language,
        Submission.status,
        Submission.red_flag_level,
        Submission.distribution,
        case((fresh, null()), else_=cast(Submission.answers, Text)),
        case((fresh, Submission.export_cells), else_=null()),
        case((fresh, null()), else_=Submission.questionnaire_hash),
    )


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
        self.q = q
        self.labels = labels
        self.columns = columns(q)
        self.build = RowBuilder(q, self.columns, labels)
        self.current_key = None if labels else cells_key(q)
        self.rows = 0

    def records(self, sources: Iterable[Any]) -> Iterator[list[Cell] | str]:
        """Rows read with `selecting()`, as records for `write_csv`.

        A row with current stored cells is its fixed columns, written by the csv
        module like every other cell, then the stored cells (written by it too, when
        the submission was stored).
        """
        build = self.build
        scratch = io.StringIO()
        fixed = csv.writer(scratch, lineterminator=LINE_END)
        for source in sources:
            self.rows += 1
            reference, day, version, language, status, level, pattern, _, cells, _ = (
                source
            )
            if cells is None:
                yield build(source)
                continue
            scratch.seek(0)
            scratch.truncate()
            day_sent = day.isoformat()
            fixed.writerow(
                (
                    reference,
                    day_sent,
                    neutralise(version),
                    language,
                    status,
                    level,
                    pattern or "",
                )
            )
            yield scratch.getvalue().removesuffix(LINE_END) + "," + cells

    def stream(
        self, session: Session, submissions: Select[Submission]
    ) -> Iterator[str]:
        """The CSV for the submissions a query selects, read in batches."""
        self.build.versions = AnsweredVersions(self.q, session)
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
    stale = select(
        Submission.id, Submission.answers, Submission.questionnaire_hash
    ).where(or_(Submission.export_hash.is_(None), Submission.export_hash != key))
    # One builder for the whole run: making one is most of `stored_cells`' time.
    build = RowBuilder(q, columns(q), labels=False)
    versions = AnsweredVersions(q, session)
    changed = 0
    while rows := session.execute(stale.limit(batch)).all():
        session.execute(
            update(Submission),
            [
                {
                    "id": row.id,
                    "export_cells": encode(
                        build.answer_cells(
                            row.answers, versions(row.questionnaire_hash)
                        )
                    ),
                    "export_hash": key,
                }
                for row in rows
            ],
        )
        session.commit()
        changed += len(rows)
    return changed
