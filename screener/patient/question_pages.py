"""Question pages: one route per page of questions.yaml, in post/redirect/get style.
Which page comes next is decided by the patient's `Route`, never here."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms.form import BaseForm

from ..db import get_session
from ..db import writes
from ..identifiers.warning import KEEP_FIELD
from ..identifiers.warning import KEEP_VALUE
from ..identifiers.warning import TextWarning
from ..identifiers.warning import kept_anyway
from ..identifiers.warning import may_keep
from ..identifiers.warning import warning_for
from ..pathway import route as flow
from ..questionnaire import PageRef
from ..questionnaire import Questionnaire
from ..questionnaire.model import AnyQuestion
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import FreeTextQuestion
from ..submissions import drafts
from ..web.extensions import current_questionnaire as questionnaire
from . import forms
from .blueprint import LATER_FIELD
from .blueprint import SKIP_FIELD
from .blueprint import bp
from .blueprint import current_draft


@bp.route("/questions/<page_id>", methods=["GET", "POST"])
@writes("POST")
def question_page(page_id: str) -> Response | str | tuple[str, int]:
    db, draft = get_session(), current_draft()
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
    unexpected = forms.unexpected_fields(
        request.form, questions, allowed={SKIP_FIELD, KEEP_FIELD}
    )
    form.process(request.form)
    if not unexpected and form.validate():
        answers = forms.form_answers(form)
        found = identifier_warnings(questions, answers)
        if found:  # nothing is kept until the patient edits it or keeps it anyway
            return _render_page(q, route, ref, questions, form, [], changing, found)
        new_flags = drafts.save_answers(q, draft, answers)
        drafts.keep_alive(draft, current_app.config["DRAFT_EXPIRY_HOURS"])
        drafts.store(db, draft)
        db.commit()
        if new_flags:
            return redirect(url_for(".advice"))
        return redirect(_after_page(flow.Route(q, draft.answers), ref, changing))
    page = _render_page(q, route, ref, questions, form, unexpected, changing)
    return page, 400 if unexpected else 200


def save_page_before_leaving(db: Session, draft: drafts.DraftState) -> bool:
    """Keep what the patient put on the page they left with "Save and come back later"
    (its button, LATER_FIELD, names the page), if every answer on it is valid; a page
    left half done is kept as it was. True when those answers raised a red flag not
    yet advised: the patient is then shown the advice before anything else. Free
    text that looks like contact details is not kept unless the patient chose to keep
    it: its page (and its warning) comes up when they carry on."""
    page_id = request.form.get(LATER_FIELD, "")
    q = questionnaire().for_answers(draft.answers)
    try:
        ref = q.page(page_id)
    except KeyError:
        return False  # from an advice page, or not a page: nothing to keep
    route = flow.Route(q, draft.answers)
    questions = route.questions(ref)
    if not questions or not route.is_reachable(ref):
        return False
    allowed = {LATER_FIELD, KEEP_FIELD}
    if forms.unexpected_fields(request.form, questions, allowed=allowed):
        return False
    form = forms.step_form(q, ref.id, questions, draft.answers)
    form.process(request.form)
    if not form.validate():
        return False
    answers = forms.form_answers(form)
    if identifier_warnings(questions, answers):
        return False
    new_flags = drafts.save_answers(q, draft, answers)
    drafts.store(db, draft)
    return bool(new_flags)


def identifier_warnings(
    questions: list[AnyQuestion], answers: Mapping[str, object]
) -> dict[str, TextWarning]:
    """By question id, the free-text answers on the page that look like they hold
    contact or identity details, unless the patient chose to keep them as typed."""
    config = current_app.config
    if kept_anyway(request.form, config):
        return {}
    found = {
        question.id: warning_for(answers.get(question.id), config["PHONE_REGION"])
        for question in questions
        if isinstance(question, FreeTextQuestion)
    }
    return {question_id: w for question_id, w in found.items() if w is not None}


def _render_page(
    q: Questionnaire,
    route: flow.Route,
    ref: PageRef,
    questions: list[AnyQuestion],
    form: BaseForm,
    unexpected: list[str],
    changing: bool,
    identifiers: dict[str, TextWarning] | None = None,
) -> str:
    return render_template(
        "patient/question.html",
        ref=ref,
        identifiers=identifiers or {},
        may_keep_identifiers=may_keep(current_app.config),
        keep_field=KEEP_FIELD,
        keep_value=KEEP_VALUE,
        form_action=page_url(ref, changing),
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


def _page_or_404(q: Questionnaire, page_id: str) -> PageRef:
    try:
        return q.page(page_id)
    except KeyError:
        abort(404)


def page_url(ref: PageRef, changing: bool = False) -> str:
    return url_for(".question_page", page_id=ref.id, change="1" if changing else None)


def _after_page(route: flow.Route, ref: PageRef, changing: bool) -> str:
    if changing:
        # Back to "Check your answers", unless the change opened new questions.
        missing = route.first_incomplete
        return (
            page_url(missing, changing=True) if missing else url_for(".check_answers")
        )
    following = route.next_page(ref)
    return page_url(following) if following else url_for(".check_answers")


def _back_url(route: flow.Route, ref: PageRef, changing: bool) -> str:
    if changing:
        return url_for(".check_answers")
    previous = route.previous_page(ref)
    return page_url(previous) if previous else url_for(".start")
