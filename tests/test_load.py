"""Patients completing the screener at once under gunicorn: every one stored once.
(bench/load.py runs the same with 200 patients and 4 workers.)"""

from __future__ import annotations

from pathlib import Path

from .databases import fresh_database_url
from .load import run_load


def test_concurrent_patients_are_all_stored_exactly_once(tmp_path: Path) -> None:
    result = run_load(fresh_database_url(tmp_path), patients=12, workers=3)
    assert result.lossless, result
