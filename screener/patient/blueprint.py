"""The patient blueprint and what every patient page needs: the draft this browser
is answering, found through the token in the session cookie."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import session
from flask import url_for
from werkzeug.wrappers import Response

from ..db import read_session
from ..languages.text import gettext
from ..submissions import drafts
from ..submissions import submit as submitting

bp = Blueprint("patient", __name__)

#: The session cookie holds only the draft's random token: never an answer, nor the
#: reference code. After sending, the same token finds the summary (`find_sent`).
DRAFT_KEY = "draft"
#: The name of the "Skip this page" button.
SKIP_FIELD = "skip"
#: The name of a question page's "Save and come back later" button; its value is the
#: page's id, so that the page's answers are kept too.
LATER_FIELD = "later"


class NoDraft(Exception):
    """The browser has no live draft: never started, expired, or started again."""


def current_draft() -> drafts.DraftState:
    """This browser's draft, read without taking a write lock (see `read_session`)."""
    draft = drafts.find_draft(read_session(), session.get(DRAFT_KEY))
    if draft is None:
        raise NoDraft
    return draft


@bp.errorhandler(NoDraft)
def _no_draft(_error: NoDraft) -> Response:
    # Sending deletes the draft: a page opened after sending (Back, a bookmark) leads
    # to the summary, as long as this browser may still see it.
    if submitting.find_sent(read_session(), session.get(DRAFT_KEY)) is not None:
        return redirect(url_for(".summary_page"))
    flash(
        gettext(
            "We could not find your answers. Answers are deleted after %(hours)s "
            "hours without use, or when the browser is closed. If you had a resume "
            "code, it brings the answers back: choose “Carry on with a resume code” "
            "below.",
            hours=current_app.config["DRAFT_EXPIRY_HOURS"],
        )
    )
    return redirect(url_for(".start"))
