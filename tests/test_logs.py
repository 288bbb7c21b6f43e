"""Logs say what happened, never who or what they answered."""

from __future__ import annotations

import logging

import pytest

from screener.web.logs import _NoWerkzeugRequestLines
from screener.web.logs import request_log

from .patient_walk import PatientWalk

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
