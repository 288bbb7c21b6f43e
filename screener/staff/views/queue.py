"""The triage queue: what came in, filtered and ordered, a page at a time."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ...db import get_session
from ...db.models import Submission
from ...languages.text import gettext
from ...submissions import queue
from ...submissions import tallies
from ...triage import distribution
from ...web.extensions import current_questionnaire as questionnaire
from .. import forms
from ..blueprint import bp
from ..forms import QueueFilterForm


def filter_form(formdata: Any = None) -> QueueFilterForm:
    """The filter form (from the query string unless given), with choices from the
    questionnaire and the versions stored."""
    q = questionnaire()
    form = QueueFilterForm(formdata=request.args if formdata is None else formdata)
    form.region.choices = forms.options(
        {"": "Any"} | {c.code: c.label for c in q.regions}
    )
    versions = tallies.versions(get_session())
    form.version.choices = forms.options({"": "Any"} | {v: v for v in versions})
    return form


def filters_from(form: QueueFilterForm) -> queue.QueueFilters:
    """Read the filters (see `FilterForm.value`)."""
    form.validate()
    return queue.QueueFilters(
        since=form.value(form.since),
        until=form.value(form.until),
        level=form.value(form.level),
        region=form.value(form.region),
        pattern=form.value(form.pattern),
        status=form.value(form.status),
        version=form.value(form.version),
        order=form.value(form.order) or queue.QueueFilters.order,
    )


@bp.get("/", endpoint="queue")
def queue_page() -> str:
    form = filter_form()
    filters = filters_from(form)
    after = None
    if request.args.get("after"):
        try:
            after = queue.Cursor.decode(request.args["after"])
        except ValueError:
            abort(400)
    db = get_session()
    page = queue.page(db, filters, after, current_app.config["QUEUE_PAGE_SIZE"])
    next_args = (
        {**request.args.to_dict(), "after": page.next_cursor.encode()}
        if page.next_cursor
        else None
    )
    q = questionnaire()
    return render_template(
        "staff/queue.html",
        region_labels={c.code: c.label for c in q.regions},
        # Staff only, like the synopsis: the pattern of each row's regions.
        pattern_labels=distribution.PATTERNS,
        pattern_caveat=distribution.CAVEAT,
        form=form,
        filters=filters,
        order_label=forms.ORDER_LABELS[filters.order],
        page=page,
        counts=tallies.counts(db, filters),
        next_args=next_args,
        first_args={k: v for k, v in request.args.items() if k != "after"}
        if after
        else None,
    )


@bp.get("/lookup")
def lookup() -> Response:
    """Go straight to a submission from its reference code, however it was typed."""
    typed = request.args.get("reference", "")
    reference = queue.normalise_reference(typed)
    db = get_session()
    found = reference and db.scalar(
        select(Submission.id).where(Submission.reference == reference)
    )
    if not found:
        flash(
            gettext(
                "No submission has the reference %(reference)s. Check it and retry.",
                reference=repr(typed.strip()),
            )
        )
        return redirect(url_for("staff.queue"))
    return redirect(url_for("staff.submission", reference=reference))
