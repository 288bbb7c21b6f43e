"""The patient's path around the questions: start, advice, check answers, sending
and "Start again" (the summary is in summary_views.py).

Views are thin: GET renders, a valid POST saves through `screener.submissions`, commits
and redirects.
"""

from __future__ import annotations

from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from werkzeug.wrappers import Response

from ..db import get_session
from ..db import writes
from ..pathway import route as flow
from ..pathway import summary
from ..submissions import drafts
from ..submissions import submit as submitting
from ..web.extensions import current_questionnaire as questionnaire
from .blueprint import DRAFT_KEY
from .blueprint import NoDraft
from .blueprint import bp
from .blueprint import current_draft
from .controls import EASIER_KEY
from .controls import easier_controls_on
from .question_pages import page_url


@bp.get("/")
def start() -> str:
    draft = drafts.find_draft(get_session(), session.get(DRAFT_KEY))
    in_progress = draft is not None and bool(draft.answers)
    return render_template("patient/start.html", in_progress=in_progress)


@bp.post("/start")
@writes()
def begin() -> Response:
    db = get_session()
    draft = drafts.find_draft(db, session.get(DRAFT_KEY))
    if draft is None:  # never started, expired, or sent: a new one
        draft = drafts.start_draft(db, current_app.config["DRAFT_EXPIRY_HOURS"])
        db.commit()
        session[DRAFT_KEY] = draft.token
    return redirect(url_for(".resume"))


@bp.get("/continue")
def resume() -> Response:
    """Go to the first page still needing answers, or to "Check your answers"."""
    draft = current_draft()
    page = flow.Route(questionnaire(), draft.answers).first_incomplete
    return redirect(page_url(page) if page else url_for(".check_answers"))


@bp.get("/advice")
def advice() -> Response | str:
    """Say what to do now, for the red flags the last saved page newly raised.

    Flags advised earlier are not repeated, and a call-999 page shows nothing slower
    beside it: the other flags are on "Check your answers" and the summary.
    """
    q, draft = questionnaire(), current_draft()
    grouped = summary.raised_flags(q, draft.answers, only=draft.advice_due)
    if not grouped:
        return redirect(url_for(".resume"))
    level, flags = next(iter(grouped.items()))
    others = {
        other: raised
        for other, raised in grouped.items()
        if other != level and level != "emergency"
    }
    return render_template(
        "patient/advice.html",
        level=level,
        flags=flags,
        others=others,
        worded=q.for_answers(draft.answers),
    )


@bp.get("/check-answers")
def check_answers() -> Response | str:
    q, draft = questionnaire(), current_draft()
    if not flow.Route(q, draft.answers).is_finished:
        return redirect(url_for(".resume"))
    built = summary.build(q, draft.answers)
    return render_template(
        "patient/check_answers.html",
        summary=built,
        worded=q.for_answers(draft.answers),
    )


@bp.post("/submit")
@writes()
def submit() -> Response:
    db, draft = get_session(), current_draft()
    try:
        submitting.submit(db, questionnaire(), draft)
    except submitting.IncompleteAnswers:
        return redirect(url_for(".resume"))
    except submitting.DraftGone:
        raise NoDraft from None
    db.commit()
    return redirect(url_for(".summary_page"))


@bp.route("/start-again", methods=["GET", "POST"])
@writes("POST")
def start_again() -> Response | str:
    """Ask first, then delete the draft and forget this browser's answers."""
    if request.method == "GET":
        sent = submitting.find_sent(get_session(), session.get(DRAFT_KEY))
        return render_template("patient/start_again.html", submitted=sent is not None)
    db = get_session()
    drafts.discard_draft(db, session.get(DRAFT_KEY))
    submitting.end_summary_access(db, session.get(DRAFT_KEY))
    db.commit()
    easier = easier_controls_on()
    session.clear()
    if easier:  # not an answer: keep it, or the patient must find the switch again
        session[EASIER_KEY] = True
    return redirect(url_for(".start"))
