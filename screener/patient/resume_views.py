"""Save and come back later: a resume code given from any question or advice page,
and /resume, where the code brings the answers back in any browser.

The 24-hour draft in one browser stays as it was for people who never ask for a code.
"""

from __future__ import annotations

from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_limiter import RateLimitExceeded
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from ..db import audit
from ..db import get_session
from ..db import writes
from ..languages.text import gettext
from ..submissions import drafts
from ..submissions import resume_codes
from ..web import rate_limits
from .blueprint import DRAFT_KEY
from .blueprint import bp
from .blueprint import current_draft
from .question_pages import save_page_before_leaving

#: The form field the code is typed into. "code" is also among the fields the outage
#: page never writes back into a page (web/errors.py).
CODE_FIELD = "code"
#: More than any code typed with spaces and dashes; longer text is not kept or shown.
_LONGEST_TYPED = 60


def _hash(code: str) -> str:
    return resume_codes.code_hash(current_app.config["SECRET_KEY"], code)


@bp.route("/save-for-later", methods=["GET", "POST"])
@writes("POST")
def save_for_later() -> Response | str:
    """Give this draft a resume code (replacing any earlier one) and show it.

    The code is shown once, in the response to this POST, and kept nowhere else: not
    in a URL (a redirect to a page showing it would put it in the address and the
    history), not in the session cookie (signed, not encrypted: anyone holding a copy
    could read it), and in the database only as a keyed hash. Every page is sent with
    Cache-Control: no-store (web/security.py), so no browser or proxy keeps a copy.
    Reloading the page sends the POST again and shows a new code, which then is the
    one that works, as the page says.
    """
    if request.method == "GET":  # only a POST gives a code: a bookmark just carries on
        return redirect(url_for(".resume"))
    db, draft = get_session(), current_draft()
    if save_page_before_leaving(db, draft):
        # The page just kept raised a red flag: its advice comes first, and the
        # advice page offers "Save and come back later" again.
        db.commit()
        return redirect(url_for(".advice"))
    code = resume_codes.new_code()
    days = int(current_app.config["RESUME_CODE_DAYS"])
    drafts.give_resume_code(db, draft, _hash(code), days)
    audit.record_for_patient(db, "resume_code_given")
    db.commit()
    return render_template(
        "patient/resume_code.html",
        code=code,
        days=days,
        last_day=resume_codes.last_day(draft.expires_at),
    )


@bp.route("/resume", methods=["GET", "POST"])
@writes("POST")
@rate_limits.rate_limited(
    per_client="RESUME_TRIES_PER_CLIENT", overall="RESUME_TRIES_OVERALL"
)
def resume_with_code() -> Response | str | tuple[str, int]:
    """Take a resume code on any device, point this browser at its answers and carry
    on at the first page still to answer."""
    if request.method == "GET":
        return _code_form("", None)
    typed = request.form.get(CODE_FIELD, "")[:_LONGEST_TYPED]
    if not typed.strip():
        return _code_form(typed, gettext("Enter the resume code."))
    code = resume_codes.normalise(typed)
    db = get_session()
    token = drafts.take_over_by_code(db, _hash(code)) if code else None
    if token is None:
        audit.record_for_patient(
            db, "resume_code_wrong", reason="unknown" if code else "not_a_code"
        )
        db.commit()
        return _code_form(typed, _wrong_code_message(code is not None))
    # The draft this browser had before, if no code reaches it, is now out of reach.
    drafts.forget_unreachable_draft(db, session.get(DRAFT_KEY))
    audit.record_for_patient(db, "resume_code_used")
    db.commit()
    session[DRAFT_KEY] = token
    return redirect(url_for(".resume"))


def _wrong_code_message(looks_like_a_code: bool) -> str:
    if not looks_like_a_code:
        return gettext(
            "That is not a resume code. A code has 12 letters and numbers, "
            "like HK4M-7QCX-3W9P. It never has 0, O, 1, I or L in it."
        )
    return gettext(
        "We could not find any answers for that code. Check that you typed it as "
        "it was written. A code stops working after %(days)s days, when the answers "
        "are sent, or when someone chooses to start again.",
        days=current_app.config["RESUME_CODE_DAYS"],
    )


def _code_form(typed: str, error: str | None) -> str:
    return render_template("patient/resume.html", typed=typed, error=error)


@bp.errorhandler(RateLimitExceeded)
def _too_many_tries(error: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
    """Over a limit on tries: a plain page, never an error from the server."""
    kind = rate_limits.breached(error)
    # Noted once an hour for each kind of limit, however many requests a flood sends:
    # the audit log is append-only, and must not fill up with one row per request.
    if rate_limits.first_this_hour("resume_code_throttled", kind):
        _audit_throttled(kind)
    minutes = rate_limits.minutes_until_retry()
    page = render_template(
        "patient/resume_throttled.html",
        minutes=minutes,
        everyone=kind == rate_limits.OVERALL,
    )
    return page, 429, {"Retry-After": str(minutes * 60)}


def _audit_throttled(kind: str) -> None:
    db = get_session()
    try:
        audit.record_for_patient(db, "resume_code_throttled", limit=kind)
        db.commit()
    except SQLAlchemyError as failure:  # the database is down: the page still shows
        db.rollback()
        current_app.logger.warning(
            "Could not note a throttled resume code look-up (%s)",
            type(failure).__name__,
        )
