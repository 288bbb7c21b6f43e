"""Staff and data commands: create-staff, set-password, deactivate, list, purge."""

from __future__ import annotations

import datetime as dt
import shlex

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.commands.database import purge_command
from screener.db.clock import utc_now
from screener.db.models import AuditEvent
from screener.db.models import Draft
from screener.db.models import StaffNote
from screener.db.models import StaffUser
from screener.db.models import Submission
from screener.submissions import drafts

from .conftest import ROOT
from .conftest import STAFF_PASSWORD
from .conftest import SubmissionFactory
from .conftest import sign_in


def run(app: Flask, *args: str, password_lines: str = ""):
    return app.test_cli_runner().invoke(args=list(args), input=password_lines)


def twice(password: str) -> str:
    return f"{password}\n{password}\n"


def test_create_staff_reads_the_password_twice_from_stdin(
    app: Flask, db: Session
) -> None:
    result = run(
        app,
        "create-staff",
        "Dr.Lee",
        "--role",
        "admin",
        password_lines=twice(STAFF_PASSWORD),
    )
    assert result.exit_code == 0, result.output
    assert "Created admin 'dr.lee'." in result.output
    staff = db.scalar(select(StaffUser))
    assert (staff.username, staff.role) == ("dr.lee", "admin")
    assert sign_in(app.test_client(), "dr.lee").headers["Location"] == "/staff/"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (f"{STAFF_PASSWORD}\nsomething else\n", "The two passwords are different."),
        (twice("short"), "Use at least 12 characters."),
        (twice("password1234"), "one of the most common"),
        (twice("aaaaaaaaaaaaaaaa"), "too easy to guess"),
    ],
)
def test_create_staff_refuses_weak_or_mismatched_passwords(
    app: Flask, db: Session, lines: str, message: str
) -> None:
    result = run(app, "create-staff", "someone", password_lines=lines)
    assert result.exit_code == 1
    assert message in result.output
    assert db.scalar(select(func.count()).select_from(StaffUser)) == 0


def test_usernames_are_unique_and_plain(app: Flask) -> None:
    assert (
        run(
            app, "create-staff", "someone", password_lines=twice(STAFF_PASSWORD)
        ).exit_code
        == 0
    )
    again = run(app, "create-staff", "SOMEONE", password_lines=twice(STAFF_PASSWORD))
    assert "already a staff member" in again.output
    odd = run(app, "create-staff", "no spaces!", password_lines=twice(STAFF_PASSWORD))
    assert "Usernames are 3 to 64 characters" in odd.output


def test_set_password_list_and_deactivate(app: Flask) -> None:
    run(app, "create-staff", "someone", password_lines=twice(STAFF_PASSWORD))
    new = "violet lantern quietly sings"
    assert run(app, "set-password", "someone", password_lines=twice(new)).exit_code == 0
    assert sign_in(app.test_client(), "someone", new).status_code == 302
    assert (
        run(app, "list-staff").output.strip()
        == "someone\treviewer\tactive\tpassword only"
    )
    assert run(app, "deactivate-staff", "someone").exit_code == 0
    assert "deactivated" in run(app, "list-staff").output
    assert run(app, "deactivate-staff", "nobody").exit_code == 1


def test_purge_deletes_old_submissions_and_expired_drafts(
    app: Flask, db: Session, make_submission: SubmissionFactory
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    old = make_submission(submitted_on=today - dt.timedelta(days=400))
    kept = make_submission(submitted_on=today - dt.timedelta(days=10))
    db.add(
        StaffNote(submission_id=old.id, author="x", created_at=utc_now(), text="note")
    )
    expired = drafts.start_draft(db, 24)
    expired.expires_at = utc_now() - dt.timedelta(hours=1)
    drafts.store(db, expired)
    db.commit()
    dry = run(app, "purge", "--dry-run")
    assert "Would delete 1 submissions sent before" in dry.output
    assert db.scalar(select(func.count()).select_from(Submission)) == 2  # kept
    refused = run(app, "purge", password_lines="n\n")  # asked, and said no
    assert "Delete 1 submissions" in refused.output
    assert refused.exit_code == 1
    assert db.scalar(select(func.count()).select_from(Submission)) == 2
    result = run(app, "purge", password_lines="y\n")  # default: RETENTION_DAYS, 365
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert list(db.scalars(select(Submission.reference))) == [kept.reference]
    assert (
        db.scalar(select(func.count()).select_from(StaffNote)) == 0
    )  # went with its submission
    assert db.scalar(select(func.count()).select_from(Draft)) == 0
    runs = db.scalars(select(AuditEvent.details).where(AuditEvent.action == "purge"))
    assert list(runs) == [
        {"dry_run": True, "submissions": 1, "drafts": 1, "older_than_days": 365},
        {"submissions": 1, "drafts": 1, "older_than_days": 365},
    ]
    assert run(app, "purge", "--older-than", "5", "--yes").exit_code == 0
    assert db.scalar(select(func.count()).select_from(Submission)) == 0


def test_the_shipped_schedule_runs_a_purge_the_command_accepts() -> None:
    # deploy/ gives a systemd timer and the README a cron line; both must be a purge
    # that runs without asking, daily.
    service = (ROOT / "deploy" / "systemd" / "screener-purge.service").read_text()
    timer = (ROOT / "deploy" / "systemd" / "screener-purge.timer").read_text()
    readme = (ROOT / "README.md").read_text()
    exec_start = next(
        line for line in service.splitlines() if line.startswith("ExecStart=")
    )
    cron = next(line for line in readme.splitlines() if line.endswith("purge --yes"))
    assert "OnCalendar=daily" in timer
    assert "Persistent=true" in timer  # a day missed while down is caught up
    for command in (exec_start, cron):
        arguments = shlex.split(command.split("--app screener", 1)[1])
        assert arguments[0] == "purge"
        context = purge_command.make_context("purge", arguments[1:])
        assert context.params["yes"]
        assert not context.params["dry_run"]


def test_admins_manage_staff_from_the_web(
    app: Flask, admin_client, db: Session
) -> None:
    created = admin_client.post(
        "/staff/admin/staff",
        data={
            "username": "newperson",
            "role": "reviewer",
            "password": STAFF_PASSWORD,
            "confirm": STAFF_PASSWORD,
        },
    )
    assert created.status_code == 302
    assert (
        admin_client.post(
            "/staff/admin/staff/newperson/role", data={"role": "admin"}
        ).status_code
        == 302
    )
    assert (
        admin_client.post("/staff/admin/staff/newperson/deactivate").status_code == 302
    )
    db.expire_all()
    person = db.scalar(select(StaffUser).where(StaffUser.username == "newperson"))
    assert (person.role, person.active) == ("admin", False)
    own = admin_client.post(
        "/staff/admin/staff/admin1/deactivate", follow_redirects=True
    )
    assert "cannot do that to your own account" in own.get_data(as_text=True)
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"staff_created", "role_changed", "staff_deactivated"} <= actions
