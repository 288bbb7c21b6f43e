"""The audit log: append-only in the database itself; admins read and filter it."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete
from sqlalchemy import text
from sqlalchemy import update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from screener.db import audit
from screener.db.models import AuditEvent


@pytest.fixture
def event(db: Session) -> AuditEvent:
    recorded = audit.record(db, "someone", "logout", "someone")
    db.commit()
    return recorded


@pytest.mark.parametrize(
    "change",
    [
        lambda: update(AuditEvent).values(actor="someone else"),
        lambda: delete(AuditEvent),
        lambda: text("DELETE FROM audit_event"),
    ],
    ids=["update", "delete", "raw delete"],
)
def test_the_database_refuses_to_rewrite_history(
    db: Session, event: AuditEvent, change
) -> None:
    with pytest.raises(DatabaseError, match="append-only"):
        db.execute(change())
    db.rollback()
    assert db.get(AuditEvent, event.id).actor == "someone"


def test_unknown_actions_are_refused(db: Session) -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record(db, "someone", "tampered")


def test_admins_read_and_filter_the_log(admin_client: FlaskClient, db: Session) -> None:
    audit.record(db, "reviewer9", "export", rows=3)
    db.commit()
    page = admin_client.get("/staff/admin/audit").get_data(as_text=True)
    assert "<td>login succeeded</td>" in page
    assert "reviewer9" in page
    only_exports = admin_client.get("/staff/admin/audit?action=export").get_data(
        as_text=True
    )
    assert "reviewer9" in only_exports
    assert "<td>login succeeded</td>" not in only_exports
    by_actor = admin_client.get("/staff/admin/audit?actor=admin1").get_data(
        as_text=True
    )
    assert "reviewer9" not in by_actor


def test_the_log_pages_backwards(
    admin_client: FlaskClient, db: Session, monkeypatch
) -> None:
    from screener.staff.views import admin as admin_views

    monkeypatch.setattr(admin_views, "AUDIT_PAGE_SIZE", 2)
    for n in range(5):
        audit.record(db, f"person{n}", "logout")
    db.commit()
    first = admin_client.get("/staff/admin/audit").get_data(as_text=True)
    assert "person4" in first
    assert "person2" not in first
    link = (
        first.split('rel="next"')[0]
        .rsplit('href="', 1)[1]
        .split('"')[0]
        .replace("&amp;", "&")
    )
    second = admin_client.get(link).get_data(as_text=True)
    assert "person2" in second
    assert "person4" not in second


@pytest.mark.parametrize(
    "before", ["99999999999999999999", "-5", "0", "x", "2147483648"]
)
def test_a_cursor_that_is_no_row_id_shows_the_first_page(
    admin_client: FlaskClient, before: str
) -> None:
    # Found by an attack: a 20-digit `before` was an integer out of range on PostgreSQL.
    response = admin_client.get(f"/staff/admin/audit?before={before}")
    assert response.status_code == 200
    assert "login succeeded" in response.get_data(as_text=True)
