"""A staff member's own account: password and authenticator app."""

from __future__ import annotations

from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import session
from flask import url_for
from werkzeug.wrappers import Response

from ...db import get_session
from ...db import writes
from ...db.clock import utc_now
from ...languages.text import gettext
from .. import accounts as staff_accounts
from .. import auth
from .. import totp
from ..blueprint import STAFF_KEY
from ..blueprint import bp
from ..blueprint import current_staff
from ..forms import CodeForm
from ..forms import PasswordForm
from ..passwords import hasher_for
from ..passwords import verify
from .login import login_policy


@bp.get("/account")
def account() -> str:
    return render_template("staff/account.html", form=PasswordForm())


@bp.post("/account/password")
@writes()
def change_password() -> Response | str:
    form = PasswordForm()
    staff = current_staff()
    db = get_session()
    hasher = hasher_for(current_app)
    if form.validate_on_submit():
        if not verify(hasher, staff.password_hash, form.current.data):
            auth.record_failure(db, staff, login_policy(), utc_now())
            db.commit()
            form.current.errors.append(gettext("This is not your current password."))
        else:
            try:
                staff_accounts.set_password(
                    db,
                    hasher,
                    staff,
                    form.new.data,
                    staff.username,
                    keep_token=session.get(STAFF_KEY),
                )
            except staff_accounts.StaffError as error:
                form.new.errors.append(str(error))
            else:
                db.commit()
                flash(
                    gettext(
                        "Password changed. "
                        "Any other signed-in browsers are now signed out."
                    )
                )
                return redirect(url_for("staff.account"))
    return render_template("staff/account.html", form=form)


@bp.get("/account/two-factor")
def two_factor() -> str:
    return _two_factor_page(CodeForm())


def _two_factor_page(form: CodeForm) -> str:
    staff = current_staff()
    secret = staff.totp_pending_secret
    qr_code = None
    if secret:
        issuer = current_app.config["TOTP_ISSUER"]
        qr_code = totp.qr_code_data_uri(
            totp.enrolment_uri(secret, staff.username, issuer)
        )
    return render_template(
        "staff/two_factor.html", secret=secret, qr_code=qr_code, form=form
    )


@bp.post("/account/two-factor/start")
@writes()
def two_factor_start() -> Response:
    """Make a new secret to enrol; it takes effect only once a code proves it works."""
    db = get_session()
    current_staff().totp_pending_secret = totp.new_secret()
    db.commit()
    return redirect(url_for("staff.two_factor"))


@bp.post("/account/two-factor/confirm")
@writes()
def two_factor_confirm() -> Response | str:
    staff = current_staff()
    form = CodeForm()
    db = get_session()
    pending = staff.totp_pending_secret
    if form.validate_on_submit() and pending:
        step = totp.matching_step(pending, form.code.data, utc_now(), None)
        if step is not None:
            staff_accounts.enable_two_factor(db, staff, step, staff.username)
            db.commit()
            flash(
                gettext(
                    "Your authenticator app is set up. You need a code at each sign-in."
                )
            )
            return redirect(url_for("staff.account"))
        form.code.errors.append(
            gettext("That code did not match. Check your phone's clock and retry.")
        )
    return _two_factor_page(form)
