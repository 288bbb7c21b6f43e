"""Taking the data out: the CSV of what the queue's filters select, and its
data dictionary."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response
from flask import request
from flask import stream_with_context

from ...db import audit
from ...db import get_session
from ...db import writes
from ...db.clock import utc_now
from ...submissions import export
from ...submissions import queue
from ...web.extensions import current_questionnaire as questionnaire
from ..blueprint import bp
from ..blueprint import current_staff
from .queue import filter_form
from .queue import filters_from


def _csv_response(chunks: Iterator[str], name: str) -> Response:
    response = Response(chunks, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.post("/export.csv")
@writes()
def export_csv() -> Response:
    """Stream what the filters select. POST, so another site cannot start it."""
    filters = filters_from(filter_form(request.form))
    run = export.ExportRun(questionnaire(), labels=request.form.get("labels") == "1")
    query = queue.in_order(queue.matching(filters), filters)
    actor = current_staff().username

    def generate() -> Iterator[str]:
        db = get_session()
        completed = False
        try:
            yield from run.stream(db, query)
            completed = True
        finally:  # also when the download is cut off: record how far it got
            audit.record(
                db,
                actor,
                "export",
                rows=run.rows,
                completed=completed,
                labels=run.labels,
                filters=filters.describe(),
            )
            db.commit()

    name = f"screener-submissions-{utc_now().date().isoformat()}.csv"
    return _csv_response(stream_with_context(generate()), name)


@bp.get("/data-dictionary.csv")
def data_dictionary() -> Response:
    db = get_session()
    audit.record(db, current_staff().username, "data_dictionary")
    db.commit()
    q = questionnaire()
    chunks = export.write_csv(export.DICTIONARY_HEADER, export.dictionary_rows(q))
    return _csv_response(chunks, f"screener-data-dictionary-{q.version}.csv")
