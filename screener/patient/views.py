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
from wtforms.form import BaseForm

from ..db import get_session
from ..db.models import Draft
from ..pathway import route as flow
from ..pathway import summary
from ..questionnaire import PageRef
from ..questionnaire import Questionnaire
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import ChoiceQuestionBase
from ..submissions import drafts as services
from ..web.extensions import current_questionnaire as questionnaire
from . import forms

bp = Blueprint("patient", __name__)

#: The session cookie holds only these: the draft's random token, and after
#: submission the reference code. Never an answer.
DRAFT_KEY = "draft"
REFERENCE_KEY = "reference"
#: The name of the "Skip this page" button.
SKIP_FIELD = "skip"


class NoDraft(Exception):
    """The browser has no live draft: never started, expired, or started again."""


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
    page = flow.Route(questionnaire(), draft.answers).first_incomplete
    return redirect(_page_url(page) if page else url_for(".check_answers"))


@bp.route("/questions/<page_id>", methods=["GET", "POST"])
def question_page(page_id: str) -> Response | str | tuple[str, int]:
    db, draft = get_session(), current_draft()
    if draft.submitted_reference:
        return redirect(url_for(".summary_page"))
    q = questionnaire().for_answers(draft.answers)
    ref = _page_or_404(q, page_id)
    route = flow.Route(q, draft.answers)
    questions = route.questions(ref)
    if not questions:
        abort(404)  # a page the patient's answers skip: never asked, never stored
    if not route.is_reachable(ref):
        return redirect(url_for(".resume"))
    changing = request.args.get("change") == "1"
    form = forms.step_form(q, ref.id, questions, draft.answers)
    if request.method == "GET":
        form.process(data=forms.initial_data(questions, draft.answers))
        return _render_page(q, route, ref, questions, form, [], changing)
    if request.form.get(SKIP_FIELD) == "1" and _skippable(questions):
        # "Skip this page": leave it as it was (its questions are all optional).
        return redirect(_after_page(route, ref, changing))
    unexpected = forms.unexpected_fields(request.form, questions, allowed={SKIP_FIELD})
    form.process(request.form)
    if not unexpected and form.validate():
        new_flags = services.save_answers(q, draft, forms.form_answers(form))
        services.keep_alive(draft, current_app.config["DRAFT_EXPIRY_HOURS"])
        db.commit()
        if new_flags:
            return redirect(url_for(".advice"))
        return redirect(_after_page(flow.Route(q, draft.answers), ref, changing))
    page = _render_page(q, route, ref, questions, form, unexpected, changing)
    return page, 400 if unexpected else 200


def _render_page(
    q: Questionnaire,
    route: flow.Route,
    ref: PageRef,
    questions: list[AnyQuestion],
    form: BaseForm,
    unexpected: list[str],
    changing: bool,
) -> str:
    return render_template(
        "patient/question.html",
        ref=ref,
        form=form,
        questions=questions,
        guidance=flow.visible_guidance(q, ref, route.answers),
        options={
            question.id: q.options(question, route.answers)
            for question in questions
            if isinstance(question, ChoiceQuestionBase)
        },
        unexpected=unexpected,
        progress=route.progress(ref),
        back_url=_back_url(route, ref, changing),
        changing=changing,
        skippable=_skippable(questions),
        worded=q,
    )


def _skippable(questions: list[AnyQuestion]) -> bool:
    """A page of optional questions only (such as "Anything else") can be skipped."""
    return not any(question.required for question in questions)


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
    if draft.submitted_reference:
        return redirect(url_for(".summary_page"))
    if not flow.Route(q, draft.answers).is_finished:
        return redirect(url_for(".resume"))
    built = summary.build(q, draft.answers)
    return render_template(
        "patient/check_answers.html",
        summary=built,
        worded=q.for_answers(draft.answers),
    )


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
    q = questionnaire()
    return render_template(
        "patient/summary.html",
        summary=summary.build(q, submission.answers),
        submission=submission,
        worded=q.for_answers(submission.answers),
    )


@bp.get("/summary/preview")
def summary_preview() -> Response | str:
    """Show the summary of the current answers without sending or storing anything."""
    q, draft = questionnaire(), current_draft()
    if draft.submitted_reference:
        return redirect(url_for(".summary_page"))
    if not flow.Route(q, draft.answers).is_finished:
        return redirect(url_for(".resume"))
    return render_template(
        "patient/summary.html",
        summary=summary.build(q, draft.answers),
        submission=None,
        worded=q.for_answers(draft.answers),
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


def _after_page(route: flow.Route, ref: PageRef, changing: bool) -> str:
    if changing:
        # Back to "Check your answers", unless the change opened new questions.
        missing = route.first_incomplete
        return (
            _page_url(missing, changing=True) if missing else url_for(".check_answers")
        )
    following = route.next_page(ref)
    return _page_url(following) if following else url_for(".check_answers")


def _back_url(route: flow.Route, ref: PageRef, changing: bool) -> str:
    if changing:
        return url_for(".check_answers")
    previous = route.previous_page(ref)
    return _page_url(previous) if previous else url_for(".start")
