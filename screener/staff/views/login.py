"""Signing in (password, then a code if the person uses an authenticator) and out."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from werkzeug.wrappers import Response

from ...db import audit
from ...db import get_session
from ...db import read_session
from ...db import writes
from ...db.clock import utc_now
from ...db.models import StaffUser
from ...languages.text import gettext
from .. import auth
from .. import sessions
from .. import throttle
from ..blueprint import STAFF_KEY
from ..blueprint import bp
from ..blueprint import current_staff
from ..forms import CodeForm
from ..forms import LoginForm
from ..passwords import hasher_for

#: Between a right password and the code, the browser holds this (signed, no secret).
PENDING_KEY = "staff_pending"
#: A browser that signed in before (`sessions.trusted_device`): a random token only.
DEVICE_COOKIE = "screener_staff_device"
#: How long the code page waits after the password before starting over.
PENDING_SECONDS = 300


def login_policy() -> auth.LoginPolicy:
    config = current_app.config
    return auth.LoginPolicy(
        lock_after=config["LOGIN_LOCK_AFTER"],
        lock_minutes=config["LOGIN_LOCK_MINUTES"],
        code_lock_after=config["CODE_LOCK_AFTER"],
        device_tries=config["TRUSTED_DEVICE_TRIES"],
        device_days=config["TRUSTED_DEVICE_DAYS"],
    )


def _safe_next(target: str | None) -> str:
    """Only return to a staff page on this site, never to another host."""
    if target and target.startswith("/staff/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("staff.queue")


@bp.route("/login", methods=["GET", "POST"])
@writes("POST")
def login() -> Response | str:
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        budget = throttle.budget_for(current_app)
        if not budget.take():
            return _too_many_sign_ins(budget)
        db = get_session()
        staff = auth.check_password(
            db,
            hasher_for(current_app),
            login_policy(),
            form.username.data,
            form.password.data,
            reader=read_session(),
            device_token=request.cookies.get(DEVICE_COOKIE),
        )
        db.commit()
        if staff is None:
            failed = True
        elif staff.has_two_factor:
            session.clear()  # a new session at each sign-in
            session[PENDING_KEY] = {
                "id": staff.id,
                "at": utc_now().timestamp(),
                "next": request.args.get("next"),
            }
            return redirect(url_for("staff.login_code"))
        else:
            return _signed_in(staff, request.args.get("next"))
    return render_template("staff/login.html", form=form, failed=failed)


@bp.route("/login/code", methods=["GET", "POST"])
@writes("POST")
def login_code() -> Response | str:
    pending: dict[str, Any] = session.get(PENDING_KEY) or {}
    db = get_session()
    staff = db.get(StaffUser, pending["id"]) if pending else None
    expired = not pending or utc_now().timestamp() - pending["at"] > PENDING_SECONDS
    if staff is None or expired or not staff.active or not staff.has_two_factor:
        session.pop(PENDING_KEY, None)
        flash(gettext("Please sign in again."))
        return redirect(url_for("staff.login"))
    form = CodeForm()
    failed = False
    if form.validate_on_submit():
        if auth.check_code(db, login_policy(), staff, form.code.data):
            return _signed_in(staff, pending.get("next"))
        db.commit()
        failed = True
    return render_template("staff/login_code.html", form=form, failed=failed)


def _too_many_sign_ins(budget: throttle.SignInBudget) -> Response:
    # Refused before any hashing or database work: this is what a flood meets.
    page = render_template(
        "staff/login.html", form=LoginForm(), failed=False, busy=True
    )
    response = Response(page, 429)
    response.headers["Retry-After"] = str(budget.retry_after)
    return response


def _signed_in(staff: StaffUser, target: str | None) -> Response:
    db = get_session()
    session.clear()  # nothing from before signing in carries over
    session[STAFF_KEY] = sessions.start_session(db, staff)
    staff.failed_logins = 0
    policy, known = login_policy(), request.cookies.get(DEVICE_COOKIE)
    device = None
    if (
        sessions.trusted_device(
            db, policy.device_tries, policy.device_days, staff, known, utc_now()
        )
        is None
    ):
        device = sessions.remember_device(db, policy.device_days, staff)
    audit.record(db, staff.username, "login_succeeded", staff.username)
    db.commit()
    response = redirect(_safe_next(target))
    if device is not None:
        config = current_app.config
        response.set_cookie(
            DEVICE_COOKIE,
            device,
            max_age=policy.device_days * 24 * 3600,
            path="/staff/",
            secure=config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Strict",
        )
    return response


@bp.post("/logout")
@writes()
def logout() -> Response:
    db = get_session()
    staff = current_staff()
    sessions.end_session(db, session.get(STAFF_KEY))
    audit.record(db, staff.username, "logout", staff.username)
    db.commit()
    session.clear()
    flash(gettext("You have signed out."))
    return redirect(url_for("staff.login"))
