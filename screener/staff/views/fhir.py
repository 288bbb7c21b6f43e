"""Submissions as FHIR QuestionnaireResponses: one at a time, and the queue's current
selection as NDJSON, streamed and audited like the CSV."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response
from flask import current_app
from flask import request
from flask import stream_with_context
from sqlalchemy.orm import lazyload

from ...db import audit
from ...db import get_session
from ...db import writes
from ...db.clock import utc_now
from ...db.models import Submission
from ...fhir.response import as_json
from ...fhir.response import questionnaire_response
from ...fhir.response import response_line
from ...submissions import queue
from ...submissions.export import AnsweredVersions
from ...web.extensions import current_questionnaire as questionnaire
from ..blueprint import bp
from ..blueprint import current_staff
from .queue import filter_form
from .queue import filters_from
from .submission import as_answered
from .submission import find_submission

#: FHIR's media types: one resource, and one resource per line (bulk data).
FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"
#: Submissions read from the database at a time.
BATCH = 500


@bp.get("/submissions/<reference>/fhir")
def submission_fhir(reference: str) -> Response:
    found = find_submission(reference)
    asked, _reworded = as_answered(found)
    db = get_session()
    audit.record(
        db, current_staff().username, "submission_viewed", reference, page="fhir"
    )
    db.commit()
    base = current_app.config["FHIR_BASE_URL"]
    body = as_json(questionnaire_response(asked, found, base))
    return Response(body, mimetype=FHIR_JSON)


@bp.post("/export.ndjson")
@writes()
def export_ndjson() -> Response:
    """What the queue's filters select, a QuestionnaireResponse per line. POST, so
    another site cannot start it; audited with how many rows left, even if cut off."""
    filters = filters_from(filter_form(request.form))
    query = (
        queue.in_order(queue.matching(filters), filters)
        .options(lazyload(Submission.regions))  # never read here
        .execution_options(yield_per=BATCH)
    )
    actor = current_staff().username
    base = current_app.config["FHIR_BASE_URL"]
    current = questionnaire()

    def generate() -> Iterator[bytes]:
        db = get_session()
        answered = AnsweredVersions(current, db)
        rows, completed = 0, False
        try:
            lines: list[bytes] = []
            for submission in db.scalars(query):
                q = answered(submission.questionnaire_hash)
                lines.append(response_line(q, submission, base))
                rows += 1
                if len(lines) == BATCH:
                    yield b"\n".join(lines) + b"\n"
                    lines = []
            if lines:
                yield b"\n".join(lines) + b"\n"
            completed = True
        finally:  # also when the download is cut off: record how far it got
            audit.record(
                db,
                actor,
                "export",
                rows=rows,
                completed=completed,
                format="fhir-ndjson",
                filters=filters.describe(),
            )
            db.commit()

    name = f"screener-responses-{utc_now().date().isoformat()}.ndjson"
    response = Response(stream_with_context(generate()), mimetype=FHIR_NDJSON)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
