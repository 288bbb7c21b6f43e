"""The summary: after sending, and as a preview before it; as a page and as a PDF.

The page and the PDF are one template (patient/_summary_body.html), so they can never
say different things. The PDF needs no JavaScript: it is a plain link.
"""

from __future__ import annotations

from typing import Any

from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from werkzeug.wrappers import Response

from ..db import get_session
from ..db.clock import utc_now
from ..db.models import Submission
from ..pathway import route as flow
from ..pathway import summary
from ..questionnaire import Answers
from ..questionnaire import Questionnaire
from ..submissions import submit as submitting
from ..web.extensions import current_questionnaire as questionnaire
from ..web.pdf import render_pdf
from .blueprint import DRAFT_KEY
from .blueprint import NoDraft
from .blueprint import bp
from .blueprint import current_draft

#: The query that shows every answer, "None of these" and "Never" included.
ALL_ANSWERS: dict[str, Any] = {"answers": "all"}


def summary_body_context(
    q: Questionnaire,
    answers: Answers,
    submission: Submission | None,
    endpoint: str | None,
    **url_values: Any,
) -> dict[str, Any]:
    """What patient/_summary_body.html needs, for the patient's page and PDF and for
    the staff view of it. `endpoint` is the page whose link switches between every
    answer and the compact table; None (a PDF) leaves the link out."""
    all_answers = request.args.get("answers") == "all"
    switch: dict[str, Any] = {} if all_answers else ALL_ANSWERS
    return {
        "summary": summary.build(q, answers),
        "submission": submission,
        "worded": q.for_answers(answers),
        # The day only, like everything else kept about a submission.
        "printed_on": submission.submitted_on if submission else utc_now().date(),
        "all_answers": all_answers,
        "answers_url": None
        if endpoint is None
        else url_for(endpoint, **url_values, **switch) + "#answers-title",
    }


def _page_context(
    endpoint: str, answers: Answers, submission: Submission | None
) -> dict[str, Any]:
    context = summary_body_context(questionnaire(), answers, submission, endpoint)
    pdf_values: dict[str, Any] = ALL_ANSWERS if context["all_answers"] else {}
    return {**context, "pdf_url": url_for(f"{endpoint}_pdf", **pdf_values)}


def _pdf_context(answers: Answers, submission: Submission | None) -> dict[str, Any]:
    return summary_body_context(questionnaire(), answers, submission, None)


def _sent() -> Submission:
    """The submission this browser sent (see `submit.find_sent`)."""
    submission = submitting.find_sent(get_session(), session.get(DRAFT_KEY))
    if submission is None:
        raise NoDraft
    return submission


def _finished_answers() -> Answers | None:
    """The draft's answers if every page is answered; None sends the patient back."""
    q, draft = questionnaire(), current_draft()
    return draft.answers if flow.Route(q, draft.answers).is_finished else None


def _pdf(context: dict[str, Any], filename: str) -> Response:
    html = render_template("patient/summary_document.html", **context)
    return Response(
        render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/summary")
def summary_page() -> str:
    """Show the summary of a submission sent from this browser."""
    submission = _sent()
    context = _page_context(".summary_page", submission.answers, submission)
    return render_template("patient/summary.html", **context)


@bp.get("/summary.pdf")
def summary_page_pdf() -> Response:
    submission = _sent()
    context = _pdf_context(submission.answers, submission)
    return _pdf(context, f"summary-{submission.reference}.pdf")


@bp.get("/summary/preview")
def summary_preview() -> Response | str:
    """Show the summary of the current answers without sending or storing anything."""
    answers = _finished_answers()
    if answers is None:
        return redirect(url_for(".resume"))
    context = _page_context(".summary_preview", answers, None)
    return render_template("patient/summary.html", **context)


@bp.get("/summary/preview.pdf")
def summary_preview_pdf() -> Response:
    answers = _finished_answers()
    if answers is None:
        return redirect(url_for(".resume"))
    context = _pdf_context(answers, None)
    return _pdf(context, "summary-preview-not-sent.pdf")
