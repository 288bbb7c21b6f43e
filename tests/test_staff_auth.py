"""Staff sign-in, sessions, lockout and the authenticator app (ASVS level 2)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from screener.db.models import AuditEvent
from screener.db.models import StaffDevice
from screener.db.models import StaffSession
from screener.db.models import StaffUser
from screener.staff import auth
from screener.staff import throttle

from .conftest import STAFF_PASSWORD
from .conftest import StaffFactory
from .conftest import make_app
from .conftest import session_cookie
from .conftest import sign_in
from .databases import ENGINE
from .databases import fresh_database_url

NEW_PASSWORD = "a different staple battery horse"
GENERIC = "The username or password is not right, or the account is locked."


def actions(db: Session) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_passwords_are_stored_as_argon2id(make_staff: StaffFactory) -> None:
    staff = make_staff()
    assert staff.password_hash.startswith("$argon2id$")
    assert STAFF_PASSWORD not in staff.password_hash


def test_sign_in_with_the_right_password(
    app: Flask, make_staff: StaffFactory, db: Session
) -> None:
    make_staff("reviewer1")
    client = app.test_client()
    response = sign_in(client, "Reviewer1")  # user names ignore case
    assert response.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert "login_succeeded" in actions(db)


@pytest.mark.parametrize(
    ("username", "password"),
    [("reviewer1", "wrong password!"), ("nobody", STAFF_PASSWORD)],
)
def test_a_failure_says_the_same_whoever_tried(
    app: Flask, make_staff: StaffFactory, db: Session, username: str, password: str
) -> None:
    make_staff("reviewer1")
    response = sign_in(app.test_client(), username, password)
    assert response.status_code == 200
    assert GENERIC in response.get_data(as_text=True)
    assert actions(db)[-1] == "login_failed"


def test_a_new_session_on_each_sign_in(app: Flask, make_staff: StaffFactory) -> None:
    make_staff("reviewer1")
    client = app.test_client()
    client.post("/start")  # a patient draft in the same browser
    before = session_cookie(client)
    sign_in(client, "reviewer1")
    after = session_cookie(client)
    assert before != after
    first_token = after
    client.post("/staff/logout")
    sign_in(client, "reviewer1")
    assert session_cookie(client) != first_token


def test_logout_ends_the_session_even_for_a_copied_cookie(
    app: Flask, staff_client: FlaskClient
) -> None:
    name = app.config["SESSION_COOKIE_NAME"]
    copied = session_cookie(staff_client)
    staff_client.post("/staff/logout")
    thief = app.test_client()
    thief.set_cookie(name, copied)
    assert thief.get("/staff/").headers["Location"].startswith("/staff/login")


def test_changing_the_password_ends_other_sessions(
    app: Flask, staff_client: FlaskClient
) -> None:
    other = app.test_client()
    sign_in(other, "reviewer1")
    response = staff_client.post(
        "/staff/account/password",
        data={
            "current": STAFF_PASSWORD,
            "new": "violet lantern quietly sings",
            "confirm": "violet lantern quietly sings",
        },
    )
    assert response.headers["Location"] == "/staff/account"
    assert staff_client.get("/staff/").status_code == 200  # this browser stays in
    assert other.get("/staff/").headers["Location"].startswith("/staff/login")
    assert (
        sign_in(
            app.test_client(), "reviewer1", "violet lantern quietly sings"
        ).status_code
        == 302
    )


def test_deactivation_ends_sessions_at_once(
    app: Flask, staff_client: FlaskClient
) -> None:
    result = app.test_cli_runner().invoke(args=["deactivate-staff", "reviewer1"])
    assert result.exit_code == 0
    assert staff_client.get("/staff/").headers["Location"].startswith("/staff/login")
    assert GENERIC in sign_in(app.test_client(), "reviewer1").get_data(as_text=True)


@pytest.mark.parametrize(
    ("column", "age"),
    [
        ("last_seen_at", dt.timedelta(minutes=31)),
        ("started_at", dt.timedelta(hours=12, minutes=1)),
    ],
    ids=["idle for 30 minutes", "open for 12 hours"],
)
def test_sessions_time_out(
    db: Session, staff_client: FlaskClient, column: str, age: dt.timedelta
) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    db.execute(update(StaffSession).values({column: now - age}))
    db.commit()
    assert staff_client.get("/staff/").headers["Location"].startswith("/staff/login")
    assert db.scalar(select(StaffSession)) is None


def test_a_session_kept_busy_stays_open(db: Session, staff_client: FlaskClient) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    db.execute(update(StaffSession).values(last_seen_at=now - dt.timedelta(minutes=29)))
    db.commit()
    assert staff_client.get("/staff/").status_code == 200


def test_repeated_failures_lock_the_account(
    app: Flask, make_staff: StaffFactory, db: Session
) -> None:
    make_staff("reviewer1")
    client = app.test_client()
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        sign_in(client, "reviewer1", "not the password")
    refused = sign_in(client, "reviewer1")  # the right password, while locked
    assert GENERIC in refused.get_data(as_text=True)
    assert "account_locked" in actions(db)
    assert actions(db)[-1] == "login_refused_locked"
    db.execute(update(StaffUser).values(locked_until=dt.datetime(2000, 1, 1)))
    db.commit()
    assert sign_in(client, "reviewer1").headers["Location"] == "/staff/"


def test_a_stranger_cannot_lock_the_owner_out(
    app: Flask, make_staff: StaffFactory, db: Session
) -> None:
    # Found by an attack: anyone who knew a username kept the account locked with ten
    # wrong passwords every 15 minutes. The owner's browser, which signed in before,
    # still gets in; a browser that never did still meets the lock.
    make_staff("reviewer1")
    owner = app.test_client()
    assert sign_in(owner, "reviewer1").headers["Location"] == "/staff/"
    assert owner.get_cookie("screener_staff_device", path="/staff/") is not None
    owner.post("/staff/logout")
    stranger = app.test_client()
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        sign_in(stranger, "reviewer1", "not the password")
    assert "account_locked" in actions(db)
    assert GENERIC in sign_in(stranger, "reviewer1").get_data(as_text=True)
    assert GENERIC in sign_in(app.test_client(), "reviewer1").get_data(as_text=True)
    assert sign_in(owner, "reviewer1").headers["Location"] == "/staff/"


def test_a_known_browser_has_only_a_few_tries_while_locked(
    app: Flask, make_staff: StaffFactory, db: Session
) -> None:
    make_staff("reviewer1")
    known = app.test_client()
    sign_in(known, "reviewer1")
    known.post("/staff/logout")
    db.execute(update(StaffUser).values(locked_until=dt.datetime(2999, 1, 1)))
    db.commit()
    for _ in range(app.config["TRUSTED_DEVICE_TRIES"]):
        assert GENERIC in sign_in(known, "reviewer1", "wrong!").get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(StaffUser.failed_logins)) == 0  # counted on the browser
    assert GENERIC in sign_in(known, "reviewer1").get_data(as_text=True)  # used up


def test_a_new_password_forgets_every_known_browser(
    app: Flask, make_staff: StaffFactory, db: Session
) -> None:
    make_staff("reviewer1")
    known = app.test_client()
    sign_in(known, "reviewer1")
    assert db.scalar(select(func.count()).select_from(StaffDevice)) == 1
    known.post(
        "/staff/account/password",
        data={"current": STAFF_PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert db.scalar(select(func.count()).select_from(StaffDevice)) == 0


def _wrong_passwords(database_url: str, tries: int) -> None:
    """One worker process: its own app and engine, sharing only the database."""
    app = make_app(DATABASE_URL=database_url)
    client = app.test_client()
    for _ in range(tries):
        sign_in(client, "reviewer1", "not the password")


@pytest.mark.processes
def test_the_lock_holds_across_worker_processes(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path)
    app = make_app(DATABASE_URL=url)
    app.test_cli_runner().invoke(
        args=["create-staff", "reviewer1"],
        input=f"{STAFF_PASSWORD}\n{STAFF_PASSWORD}\n",
    )
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_wrong_passwords, args=(url, 10)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    # Twenty wrong passwords from two processes, none of which saw all of them.
    assert GENERIC in sign_in(app.test_client(), "reviewer1").get_data(as_text=True)
    with app.app_context():
        from screener.db import get_session

        locks = get_session().scalars(
            select(AuditEvent).where(AuditEvent.action == "account_locked")
        )
        assert len(list(locks)) >= 1


def test_an_open_redirect_is_refused(app: Flask, make_staff: StaffFactory) -> None:
    make_staff("reviewer1")
    client = app.test_client()
    response = client.post(
        "/staff/login?next=//evil.example/",
        data={"username": "reviewer1", "password": STAFF_PASSWORD},
    )
    assert response.headers["Location"] == "/staff/"


# --- Authenticator app ----------------------------------------------------------------


def enrol(client: FlaskClient, db: Session) -> pyotp.TOTP:
    client.post("/staff/account/two-factor/start")
    page = client.get("/staff/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code is drawn here, not fetched
    db.expire_all()
    secret = db.scalar(select(StaffUser.totp_pending_secret))
    assert (
        " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    )  # also as text
    totp = pyotp.TOTP(secret)
    confirmed = client.post(
        "/staff/account/two-factor/confirm",
        data={"code": totp.at(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30))},
    )
    assert confirmed.headers["Location"] == "/staff/account"
    return totp


def test_enrolling_and_signing_in_with_a_code(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    totp = enrol(staff_client, db)
    staff_client.post("/staff/logout")
    client = app.test_client()
    assert sign_in(client, "reviewer1").headers["Location"] == "/staff/login/code"
    assert (
        client.get("/staff/").headers["Location"].startswith("/staff/login")
    )  # not in yet
    wrong = client.post(
        "/staff/login/code",
        data={"code": "000000" if totp.now() != "000000" else "111111"},
    )
    assert "That code is not right" in wrong.get_data(as_text=True)
    code = totp.now()
    assert (
        client.post("/staff/login/code", data={"code": code}).headers["Location"]
        == "/staff/"
    )
    assert client.get("/staff/").status_code == 200
    # The same code cannot be used again, even straight away.
    again = app.test_client()
    sign_in(again, "reviewer1")
    assert again.post("/staff/login/code", data={"code": code}).status_code == 200
    assert "two_factor_enabled" in actions(db)


def wrong_code(totp: pyotp.TOTP) -> str:
    """A code that is none of the ones accepted now (previous, current, next step)."""
    accepted = {
        totp.at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=s)) for s in (-30, 0, 30)
    }
    return next(f"{n:06d}" for n in range(10) if f"{n:06d}" not in accepted)


def test_wrong_codes_lock_the_account_across_sign_ins(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    # Found by an attack: a right password reset the count, so 9 wrong codes per
    # sign-in went on for ever and the next valid code still signed in.
    totp = enrol(staff_client, db)
    staff_client.post("/staff/logout")
    limit = app.config["CODE_LOCK_AFTER"]
    client = app.test_client()
    for attempt in range(limit):
        if (
            attempt % 2 == 0
        ):  # a fresh sign-in, with the right password, every other try
            assert (
                sign_in(client, "reviewer1").headers["Location"] == "/staff/login/code"
            )
        wrong = client.post("/staff/login/code", data={"code": wrong_code(totp)})
        assert wrong.status_code == 200
    assert actions(db).count("code_failed") == limit
    assert "account_locked" in actions(db)
    # Now neither a right password nor a right code lets anyone in.
    refused = sign_in(client, "reviewer1")
    assert GENERIC in refused.get_data(as_text=True)
    assert client.get("/staff/").headers["Location"].startswith("/staff/login")
    # Until an admin unlocks the account: then the right code works again.
    with app.app_context():
        from screener.db import get_session
        from screener.staff import accounts as staff_accounts

        session = get_session()
        staff_accounts.unlock(
            session, staff_accounts.get(session, "reviewer1"), "admin"
        )
        session.commit()
    assert sign_in(client, "reviewer1").headers["Location"] == "/staff/login/code"
    right = client.post("/staff/login/code", data={"code": totp.now()})
    assert right.headers["Location"] == "/staff/"


def test_a_right_code_resets_the_count_of_wrong_ones(
    app: Flask, staff_client: FlaskClient, db: Session
) -> None:
    totp = enrol(staff_client, db)
    staff_client.post("/staff/logout")
    client = app.test_client()
    sign_in(client, "reviewer1")
    for _ in range(app.config["CODE_LOCK_AFTER"] - 1):
        client.post("/staff/login/code", data={"code": wrong_code(totp)})
    assert (
        client.post("/staff/login/code", data={"code": totp.now()}).status_code == 302
    )
    db.expire_all()
    assert db.scalar(select(StaffUser.failed_codes)) == 0


def test_a_required_second_factor_comes_first(make_staff: StaffFactory) -> None:
    app = make_app(REQUIRE_TWO_FACTOR=True)
    with app.app_context():
        from screener.db import get_session
        from screener.staff import accounts as staff_accounts
        from screener.staff.passwords import hasher_for

        session = get_session()
        staff_accounts.create(
            session, hasher_for(app), "newcomer", STAFF_PASSWORD, "reviewer", "test"
        )
        session.commit()
    client = app.test_client()
    sign_in(client, "newcomer")
    assert client.get("/staff/").headers["Location"] == "/staff/account/two-factor"
    assert client.get("/staff/account/two-factor").status_code == 200


# --- The guard ------------------------------------------------------------------------


def test_every_staff_page_refuses_an_anonymous_request(app: Flask) -> None:
    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff.") or rule.endpoint in (
            "staff.login",
            "staff.login_code",
        ):
            continue
        url = rule.build(dict.fromkeys(rule.arguments, "x"))[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 302, (rule.endpoint, method)
            assert response.headers["Location"].startswith("/staff/login"), (
                rule.endpoint,
                method,
            )
            checked += 1
    assert checked >= 15  # the test would pass vacuously if the walk found nothing


def test_reviewers_cannot_open_admin_pages(staff_client: FlaskClient) -> None:
    assert staff_client.get("/staff/admin/staff").status_code == 403
    assert staff_client.get("/staff/admin/audit").status_code == 403
    assert (
        staff_client.post("/staff/admin/staff/reviewer1/deactivate").status_code == 403
    )


def test_admins_can(admin_client: FlaskClient) -> None:
    assert admin_client.get("/staff/admin/staff").status_code == 200
    assert admin_client.get("/staff/admin/audit").status_code == 200


# --- The sign-in budget ---------------------------------------------------------------


def test_the_budget_refills_at_its_rate(tmp_path: Path) -> None:
    budget = throttle.SignInBudget(tmp_path / "budget", per_minute=60, burst=3)
    assert [budget.take(now=100.0) for _ in range(4)] == [True, True, True, False]
    assert not budget.take(now=100.5)  # half a check refilled: not enough
    assert budget.take(now=101.0)  # one a second
    assert not budget.take(now=101.0)
    assert [budget.take(now=1000.0) for _ in range(4)] == [True, True, True, False]
    assert budget.retry_after == 1


def test_the_budget_is_shared_by_processes(tmp_path: Path) -> None:
    budget = throttle.SignInBudget(tmp_path / "budget", per_minute=0.001, burst=20)
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        taken = pool.map(_take_five, [budget] * 8)
    assert sum(taken) == 20  # 40 tries in four processes, 20 in the bucket


def _take_five(budget: throttle.SignInBudget) -> int:
    return sum(budget.take() for _ in range(5))


def test_a_flood_is_refused_before_any_password_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(
        SIGNIN_BURST=2, SIGNIN_CHECKS_PER_MINUTE=1, SIGNIN_BUDGET_FILE=tmp_path / "b"
    )
    checks: list[str] = []
    real = auth.check_password
    monkeypatch.setattr(
        auth, "check_password", lambda *a, **k: checks.append("x") or real(*a, **k)
    )
    client = app.test_client()
    statuses = [sign_in(client, "nobody").status_code for _ in range(5)]
    assert statuses == [200, 200, 429, 429, 429]
    assert len(checks) == 2  # the refused three cost no hashing
    refused = sign_in(client, "nobody")
    assert refused.headers["Retry-After"] == "60"
    assert "too many sign-ins at the moment" in refused.get_data(as_text=True)


@pytest.mark.skipif(ENGINE != "sqlite", reason="SQLite's single write lock")
def test_the_password_is_checked_before_the_write_lock_is_taken(
    app: Flask, make_staff: StaffFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each check costs 0.2 s of CPU; holding SQLite's write lock meanwhile kept every
    # patient's "Save and continue" waiting behind sign-ins.
    make_staff("reviewer1")
    path = app.config["DATABASE_URL"].removeprefix("sqlite:///")
    writable_meanwhile: list[bool] = []
    real = auth.verify

    def checking(*args: object) -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            writable_meanwhile.append(True)
        except sqlite3.OperationalError:
            writable_meanwhile.append(False)
        finally:
            other.close()
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(auth, "verify", checking)
    client = app.test_client()
    assert sign_in(client, "reviewer1").headers["Location"] == "/staff/"
    sign_in(app.test_client(), "reviewer1", "not the password")
    assert writable_meanwhile == [True, True]
