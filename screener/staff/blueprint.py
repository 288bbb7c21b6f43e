"""The staff blueprint and its guard: every /staff page needs a signed-in staff
member, checked here once, so a new page cannot be left open by forgetting a
decorator. Admin pages sit in a nested blueprint with a second guard."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response

from ..db import get_session
from ..db.models import StaffUser
from ..languages.text import gettext
from . import sessions
from .forms import ROLE_LABELS
from .forms import STATUS_LABELS

bp = Blueprint("staff", __name__, url_prefix="/staff")
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.record_once
def _labels(state: BlueprintSetupState) -> None:
    """Statuses and roles in words, for staff templates and the macros they import
    (globals: an imported macro sees no context)."""
    state.app.jinja_env.globals.update(
        status_labels=STATUS_LABELS, role_labels=ROLE_LABELS
    )


#: The session cookie's key for the staff session token.
STAFF_KEY = "staff"
#: The only pages open without signing in: the ways in.
OPEN_ENDPOINTS = {"staff.login", "staff.login_code"}
#: What a staff member without a required second factor may still open.
ENROLMENT_ENDPOINTS = {
    "staff.account",
    "staff.two_factor",
    "staff.two_factor_start",
    "staff.two_factor_confirm",
    "staff.logout",
}


def session_policy() -> sessions.SessionPolicy:
    config = current_app.config
    return sessions.SessionPolicy(
        idle=dt.timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
        absolute=dt.timedelta(hours=config["STAFF_SESSION_HOURS"]),
    )


def current_staff() -> StaffUser:
    staff: StaffUser = g.staff
    return staff


@bp.before_request
def require_signed_in_staff() -> Response | None:
    """Let the request through only for a live staff session; fail closed."""
    g.staff = None
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    # Every staff request writes: it moves the session's idle clock on.
    db = get_session(write=True)
    row = sessions.load_session(db, session.get(STAFF_KEY), session_policy())
    db.commit()  # a timed-out session is deleted; a live one has its clock moved on
    if row is None:
        session.pop(STAFF_KEY, None)
        flash(gettext("Please sign in."))
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("staff.login", next=target))
    g.staff = row.staff
    needs_factor = (
        current_app.config["REQUIRE_TWO_FACTOR"] and not row.staff.has_two_factor
    )
    if needs_factor and request.endpoint not in ENROLMENT_ENDPOINTS:
        flash(gettext("Please set up an authenticator app before you go on."))
        return redirect(url_for("staff.two_factor"))
    return None


@admin_bp.before_request
def require_admin() -> None:
    if not current_staff().is_admin:
        abort(403)


@bp.app_context_processor
def staff_context() -> dict[str, object]:
    return {"staff": g.get("staff")}
