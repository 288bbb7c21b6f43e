"""Logs say what happened, never who or what they answered."""

from __future__ import annotations

import logging
import re
import socket
from pathlib import Path

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from screener.web.logs import _NoWerkzeugRequestLines
from screener.web.logs import request_log
from screener.web.logs import scrub

from .conftest import SubmissionFactory
from .patient_walk import PatientWalk
from .server import running_server

MARKER = "Zebra-crossing-marker-7741"


def test_a_whole_journey_logs_no_answers_addresses_or_reference(
    patient: PatientWalk, caplog: pytest.LogCaptureFixture
) -> None:
    request_log.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG):
            reference = patient.complete(
                {"anything_else": MARKER, "body_regions": ["neck"]}
            )
    finally:
        request_log.removeHandler(caplog.handler)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST /questions/<page_id> 302" in logged  # requests are logged by route
    for secret in (MARKER, reference, "127.0.0.1", "neck", "session"):
        assert secret not in logged


def test_werkzeug_request_lines_are_dropped_but_other_messages_kept() -> None:
    drop = _NoWerkzeugRequestLines()

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord(
            "werkzeug", logging.INFO, __file__, 1, message, None, None
        )

    assert not drop.filter(
        record('127.0.0.1 - - [20/Nov/2026 10:00:00] "GET / HTTP/1.1" 200 -')
    )
    assert drop.filter(record("Running on http://127.0.0.1:5000"))


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        (
            "Invalid request from ip=10.0.0.5: Invalid HTTP",
            "Invalid request from ip=-:",
        ),
        ("Invalid request from ip=::1: bad", "ip=-: bad"),
        ("Exception on /staff/submissions/DYS-AB3C-9XYZ/status [POST]", "DYS-…/status"),
        ("Error handling request GET /staff/?since=2026-01-01", "GET /staff/?…"),
        ("peer 192.168.1.4 or fe80::1:2", "peer <address> or <address>"),
        ("Booting worker with pid: 1234", "Booting worker with pid: 1234"),
    ],
)
def test_scrub_takes_out_who_and_what(line: str, logged: str) -> None:
    assert logged in scrub(line)


def test_an_exception_is_logged_without_the_reference(
    app: Flask,
    staff_client: FlaskClient,
    make_submission: SubmissionFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Found by an attack: Flask's "Exception on /staff/submissions/DYS-…/status" and
    # the exception's own text carried the reference code into the log.
    reference = make_submission().reference
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: log, then a 500 page

    def failing(*_args: object) -> bool:
        raise RuntimeError(f"could not change {reference}")

    monkeypatch.setattr("screener.submissions.review.change_status", failing)
    with caplog.at_level(logging.ERROR):
        response = staff_client.post(
            f"/staff/submissions/{reference}/status", data={"status": "reviewed"}
        )
    assert response.status_code == 500
    logged = "\n".join(caplog.handler.format(record) for record in caplog.records)
    assert "RuntimeError: could not change DYS-…" in logged  # logged, and masked
    assert reference not in logged


@pytest.mark.processes
def test_gunicorn_logs_no_address_time_or_reference_and_sends_no_banner(
    tmp_path: Path,
) -> None:
    with running_server(f"sqlite:///{tmp_path / 'logs.sqlite3'}", workers=1) as server:
        host, port = server.url.removeprefix("http://").split(":")
        # A malformed request line: gunicorn's "Invalid request from ip=…".
        with socket.create_connection((host, int(port))) as raw:
            raw.sendall(b"NOT A REQUEST\r\n\r\n")
            reply = raw.recv(65536).decode("latin-1")
        assert reply.startswith("HTTP/1.1 400")
        assert "\r\nserver:" not in reply.lower()
        page = httpx.get(
            f"{server.url}/staff/submissions/DYS-AAAA-BBBB?since=2026-01-01"
        )
        assert "server" not in page.headers
        assert "server" not in httpx.get(server.url).headers
        log = server.log()
    assert "Invalid request from ip=-" in log
    for secret in ("127.0.0.1", "DYS-AAAA-BBBB", "since=2026"):
        assert secret not in log
    # No time of day on any line (gunicorn's own format had one on each).
    assert not re.search(r"\d{2}:\d{2}:\d{2}", log)
