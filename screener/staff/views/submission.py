"""One submission: the answers as asked, its red flags, its status and notes."""

from __future__ import annotations

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ...db import audit
from ...db import get_session
from ...db import writes
from ...db.models import StaffNote
from ...db.models import Submission
from ...identifiers.warning import KEEP_FIELD
from ...identifiers.warning import KEEP_VALUE
from ...identifiers.warning import TextWarning
from ...identifiers.warning import kept_anyway
from ...identifiers.warning import may_keep
from ...identifiers.warning import warning_for
from ...languages.text import gettext
from ...pathway import summary
from ...patient.summary_views import summary_body_context
from ...questionnaire import Questionnaire
from ...submissions import review
from ...submissions import snapshots
from ...triage import distribution
from ...triage import synopsis as triage_synopsis
from ...triage.body_map import body_map
from ...web.extensions import current_questionnaire as questionnaire
from ..blueprint import bp
from ..blueprint import current_staff
from ..forms import STATUS_LABELS
from ..forms import NoteForm
from ..forms import StatusForm


def find_submission(reference: str) -> Submission:
    found = get_session().scalar(
        select(Submission).where(Submission.reference == reference)
    )
    if found is None:
        abort(404)
    return found


def as_answered(submission: Submission) -> tuple[Questionnaire, bool]:
    """The questionnaire the patient answered; True if only today's wording is known."""
    asked = snapshots.as_answered(
        get_session(), submission.questionnaire_hash, questionnaire()
    )
    return (asked, False) if asked is not None else (questionnaire(), True)


def _viewed(submission: Submission, page: str) -> None:
    db = get_session()
    audit.record(
        db,
        current_staff().username,
        "submission_viewed",
        submission.reference,
        page=page,
    )
    db.commit()


@bp.get("/submissions/<reference>")
def submission(reference: str) -> str:
    return _submission_page(find_submission(reference), NoteForm())


def _submission_page(
    found: Submission, note_form: NoteForm, note_warning: TextWarning | None = None
) -> str:
    asked, reworded = as_answered(found)
    notes = get_session().scalars(
        select(StaffNote)
        .where(StaffNote.submission_id == found.id)
        .order_by(StaffNote.id)
    )
    built = summary.build(asked, found.answers)
    _viewed(found, "answers")
    return render_template(
        "staff/submission.html",
        submission=found,
        summary=built,
        synopsis=triage_synopsis.build(asked, found.answers),
        body_map=body_map(asked, found.answers),
        pattern_caveat=distribution.CAVEAT,
        not_covered=_not_covered(built, found.answers),
        reworded=reworded,
        notes=list(notes),
        status_form=StatusForm(status=found.status),
        note_form=note_form,
        note_warning=note_warning,
        may_keep_identifiers=may_keep(current_app.config),
        keep_field=KEEP_FIELD,
        keep_value=KEEP_VALUE,
    )


def _not_covered(built: summary.Summary, answers: dict[str, object]) -> list[str]:
    """Answers the wording shown has no question for (an older version of the
    questionnaire that could not be read back), so that staff still see all of them."""
    shown = {line.question.id for section in built.sections for line in section.lines}
    return [
        f"{question_id}: {value}"
        for question_id, value in answers.items()
        if question_id not in shown
    ]


@bp.get("/submissions/<reference>/summary")
def patient_summary(reference: str) -> str:
    """The summary exactly as the patient was shown it."""
    found = find_submission(reference)
    asked, reworded = as_answered(found)
    _viewed(found, "patient summary")
    return render_template(
        "staff/patient_summary.html",
        reworded=reworded,
        **summary_body_context(
            asked, found.answers, found, ".patient_summary", reference=reference
        ),
    )


@bp.post("/submissions/<reference>/status")
@writes()
def change_status(reference: str) -> Response:
    found = find_submission(reference)
    form = StatusForm()
    if form.validate_on_submit():
        db = get_session()
        if review.change_status(db, found, form.status.data, current_staff().username):
            db.commit()
            flash(
                gettext(
                    "Status changed to %(status)s.", status=STATUS_LABELS[found.status]
                )
            )
    elif form.errors:
        flash(gettext("Choose one of the statuses."))
    return redirect(url_for("staff.submission", reference=reference))


@bp.post("/submissions/<reference>/notes")
@writes()
def add_note(reference: str) -> Response | str:
    found = find_submission(reference)
    form = NoteForm()
    if not form.validate_on_submit():
        # str(): a form's own messages are lazy strings, said when shown.
        flash(
            " ".join(str(error) for errors in form.errors.values() for error in errors)
        )
        return redirect(url_for("staff.submission", reference=reference))
    config = current_app.config
    if not kept_anyway(request.form, config):
        warning = warning_for(form.text.data, config["PHONE_REGION"])
        if warning:  # the note is not saved until it is changed or kept anyway
            return _submission_page(found, form, warning)
    db = get_session()
    review.add_note(db, found, form.text.data, current_staff().username)
    db.commit()
    flash(gettext("Note added."))
    return redirect(url_for("staff.submission", reference=reference) + "#notes")
