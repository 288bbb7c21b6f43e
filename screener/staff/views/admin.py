"""Admin pages: managing staff accounts and reading the audit log."""

from __future__ import annotations

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from ...db import audit
from ...db import get_session
from ...db import writes
from ...db.clock import utc_now
from ...db.models import ROLES
from ...languages.text import gettext
from .. import accounts as staff_accounts
from .. import auth
from ..blueprint import admin_bp
from ..blueprint import current_staff
from ..forms import AuditFilterForm
from ..forms import CreateStaffForm
from ..forms import options
from ..passwords import hasher_for
from .login import login_policy

#: What an admin can do to an account from the staff list.
ACCOUNT_ACTIONS = {
    "deactivate": staff_accounts.deactivate,
    "reactivate": staff_accounts.reactivate,
    "unlock": staff_accounts.unlock,
    "reset-two-factor": staff_accounts.reset_two_factor,
}
AUDIT_PAGE_SIZE = 100


@admin_bp.route("/staff", methods=["GET", "POST"])
@writes("POST")
def staff_list() -> Response | str:
    form = CreateStaffForm()
    db = get_session()
    if form.validate_on_submit():
        try:
            staff_accounts.create(
                db,
                hasher_for(current_app),
                form.username.data,
                form.password.data,
                form.role.data,
                current_staff().username,
            )
        except staff_accounts.StaffError as error:
            form.username.errors.append(str(error))
        else:
            db.commit()
            flash(
                gettext(
                    "Account %(username)s created.",
                    username=repr(form.username.data.strip().lower()),
                )
            )
            return redirect(url_for("staff.admin.staff_list"))
    people = staff_accounts.all_staff(db)
    now, policy = utc_now(), login_policy()
    return render_template(
        "staff/admin_staff.html",
        people=people,
        form=form,
        roles=ROLES,
        locked={person.id for person in people if auth.is_locked(person, policy, now)},
    )


@admin_bp.post("/staff/<username>/<action>")
@writes()
def account_action(username: str, action: str) -> Response:
    db = get_session()
    me = current_staff()
    try:
        target = staff_accounts.get(db, username)
        if target.id == me.id and action in ("deactivate", "role"):
            raise staff_accounts.StaffError("You cannot do that to your own account.")
        if action == "role":
            staff_accounts.set_role(
                db, target, request.form.get("role", ""), me.username
            )
        elif action in ACCOUNT_ACTIONS:
            ACCOUNT_ACTIONS[action](db, target, me.username)
        else:
            abort(404)
    except staff_accounts.StaffError as error:
        flash(str(error))
    else:
        db.commit()
        flash(
            gettext(
                "Done: %(action)s for %(username)s.",
                action=action.replace("-", " "),
                username=repr(username),
            )
        )
    return redirect(url_for("staff.admin.staff_list"))


@admin_bp.get("/audit")
def audit_log() -> str:
    form = AuditFilterForm(formdata=request.args)
    form.action.choices = options(
        {"": "Any"} | {a: a.replace("_", " ") for a in audit.ACTIONS}
    )
    form.validate()
    filters = audit.AuditFilters(
        actor=form.value(form.actor),
        action=form.value(form.action),
        since=form.value(form.since),
        until=form.value(form.until),
        before_id=request.args.get("before", type=audit.event_id),
    )
    events = list(get_session().scalars(audit.events(filters, AUDIT_PAGE_SIZE + 1)))
    more = len(events) > AUDIT_PAGE_SIZE
    events = events[:AUDIT_PAGE_SIZE]
    next_args = {**request.args.to_dict(), "before": events[-1].id} if more else None
    return render_template(
        "staff/admin_audit.html", form=form, events=events, next_args=next_args
    )
