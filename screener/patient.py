"""The patient's path: start, safety check, questions, advice, check answers, summary.

Views are thin: GET renders, a valid POST saves through `services`, commits and
redirects. Which page comes next is decided in `flow`, never here.
"""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from werkzeug.wrappers import Response

from . import flow
from . import forms
from . import redflags
from . import services
from . import summary
from .db import get_session
from .models import Draft
from .questionnaire import Answers
from .questionnaire import PageRef
from .questionnaire import Questionnaire
from .questionnaire.model import ChoiceQuestionBase

bp = Blueprint("patient", __name__)

#: The session cookie holds only these: the draft's random token, and after
#: submission the reference code. Never an answer.
DRAFT_KEY = "draft"
REFERENCE_KEY = "reference"


class NoDraft(Exception):
    """The browser has no live draft: never started, expired, or started again."""


def questionnaire() -> Questionnaire:
    q: Questionnaire = current_app.extensions["screener.questionnaire"]
    return q


def current_draft() -> Draft:
    draft = services.find_draft(get_session(), session.get(DRAFT_KEY))
    if draft is None:
        raise NoDraft
    return draft


@bp.errorhandler(NoDraft)
def _no_draft(_error: NoDraft) -> Response:
    flash(
        "We could not find your answers. Answers are deleted after "
        f"{current_app.config['DRAFT_EXPIRY_HOURS']} hours without use, "
        "or when the browser is closed."
    )
    return redirect(url_for(".start"))


@bp.get("/")
def start() -> str:
    draft = services.find_draft(get_session(), session.get(DRAFT_KEY))
    in_progress = (
        draft is not None and not draft.submitted_reference and bool(draft.answers)
    )
    return render_template("patient/start.html", in_progress=in_progress)


@bp.post("/start")
def begin() -> Response:
    db = get_session()
    draft = services.find_draft(db, session.get(DRAFT_KEY))
    if draft is None or draft.submitted_reference:
        draft = services.start_draft(db, current_app.config["DRAFT_EXPIRY_HOURS"])
        db.commit()
        session.pop(REFERENCE_KEY, None)
        session[DRAFT_KEY] = draft.token
    return redirect(url_for(".resume"))


@bp.get("/continue")
def resume() -> Response:
    """Go to the first page still needing answers, or to "Check your answers"."""
    draft = current_draft()
    if draft.submitted_reference:
        return redirect(url_for(".summary_page"))
    page = flow.first_incomplete(questionnaire(), draft.answers)
    return redirect(_page_url(page) if page else url_for(".check_answers"))


@bp.route("/questions/<page_id>", methods=["GET", "POST"])
def question_page(page_id: str) -> Response | tuple[str, int]:
    q, db, draft = questionnaire(), get_session(), current_draft()
    if draft.submitted_reference:
        return redirect(url_for(".summary_page"))
    ref = _page_or_404(q, page_id)
    questions = flow.visible_questions(q, ref, draft.answers)
    if not questions:
        abort(404)  # a page the patient's answers skip: never asked, never stored
    if not flow.is_reachable(q, ref, draft.answers):
        return redirect(url_for(".resume"))
    changing = request.args.get("change") == "1"
    form = forms.step_form(q, ref.id, questions, draft.answers)
    unexpected: list[str] = []
    if request.method == "POST":
        unexpected = forms.unexpected_fields(request.form, questions)
        form.process(request.form)
        if not unexpected and form.validate():
            new_flags = services.save_answers(q, draft, forms.form_answers(form))
            services.keep_alive(draft, current_app.config["DRAFT_EXPIRY_HOURS"])
            db.commit()
            if new_flags:
                return redirect(url_for(".advice"))
            return redirect(_after_page(q, ref, draft.answers, changing))
    else:
        form.process(data=forms.initial_data(questions, draft.answers))
    page = render_template(
        "patient/question.html",
        ref=ref,
        form=form,
        questions=questions,
        options={
            qn.id: q.options(qn, draft.answers)
            for qn in questions
            if isinstance(qn, ChoiceQuestionBase)
        },
        unexpected=unexpected,
        progress=flow.progress(q, ref, draft.answers),
        back_url=_back_url(q, ref, draft.answers, changing),
        changing=changing,
    )
    return page, 400 if unexpected else 200


@bp.get("/advice")
def advice() -> Response | str:
    """Say what to do now, for the most urgent red flag reported."""
    q, draft = questionnaire(), current_draft()
    grouped = redflags.by_level(redflags.raised(q, draft.answers))
    if not grouped:
        return redirect(url_for(".resume"))
    level, flags = next(iter(grouped.items()))
    others = {other: raised for other, raised in grouped.items() if other != level}
    return render_template(
        "patient/advice.html", level=level, flags=flags, others=others
    )


@bp.get("/check-answers")
def check_answers() -> Response | str:
    q, draft = questionnaire(), current_draft()
    if draft.submitted_reference:
        return redirect(url_for(".summary_page"))
    if flow.first_incomplete(q, draft.answers) is not None:
        return redirect(url_for(".resume"))
    built = summary.build(q, draft.answers)
    return render_template("patient/check_answers.html", summary=built)


@bp.post("/submit")
def submit() -> Response:
    db, draft = get_session(), current_draft()
    try:
        reference = services.submit(db, questionnaire(), draft)
    except services.IncompleteAnswers:
        return redirect(url_for(".resume"))
    db.commit()
    session[REFERENCE_KEY] = reference
    return redirect(url_for(".summary_page"))


@bp.get("/summary")
def summary_page() -> Response | str:
    """Show the summary of a submission sent from this browser."""
    db = get_session()
    draft = services.find_draft(db, session.get(DRAFT_KEY))
    reference = session.get(REFERENCE_KEY) or (
        draft.submitted_reference if draft else None
    )
    submission = services.find_submission(db, reference)
    if submission is None:
        raise NoDraft
    built = summary.build(questionnaire(), submission.answers)
    return render_template("patient/summary.html", summary=built, submission=submission)


@bp.get("/summary/preview")
def summary_preview() -> Response | str:
    """Show the summary of the current answers without sending or storing anything."""
    q, draft = questionnaire(), current_draft()
    if draft.submitted_reference:
        return redirect(url_for(".summary_page"))
    if flow.first_incomplete(q, draft.answers) is not None:
        return redirect(url_for(".resume"))
    return render_template(
        "patient/summary.html", summary=summary.build(q, draft.answers), submission=None
    )


@bp.route("/start-again", methods=["GET", "POST"])
def start_again() -> Response | str:
    """Ask first, then delete the draft and forget this browser's answers."""
    if request.method == "GET":
        return render_template(
            "patient/start_again.html", submitted=bool(session.get(REFERENCE_KEY))
        )
    db = get_session()
    services.discard_draft(db, session.get(DRAFT_KEY))
    db.commit()
    session.clear()
    return redirect(url_for(".start"))


def _page_or_404(q: Questionnaire, page_id: str) -> PageRef:
    try:
        return q.page(page_id)
    except KeyError:
        abort(404)


def _page_url(ref: PageRef, changing: bool = False) -> str:
    return url_for(".question_page", page_id=ref.id, change="1" if changing else None)


def _after_page(
    q: Questionnaire, ref: PageRef, answers: Answers, changing: bool
) -> str:
    if changing:
        # Back to "Check your answers", unless the change opened new questions.
        missing = flow.first_incomplete(q, answers)
        return (
            _page_url(missing, changing=True) if missing else url_for(".check_answers")
        )
    following = flow.next_page(q, ref, answers)
    return _page_url(following) if following else url_for(".check_answers")


def _back_url(q: Questionnaire, ref: PageRef, answers: Answers, changing: bool) -> str:
    if changing:
        return url_for(".check_answers")
    previous = flow.previous_page(q, ref, answers)
    return _page_url(previous) if previous else url_for(".start")
