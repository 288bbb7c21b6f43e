"""Patients completing the screener at once under gunicorn: every one stored once.
(bench/load.py runs the same with 200 patients and 4 workers.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import MINIMAL_QUESTIONS
from .databases import fresh_database_url
from .load import run_load


@pytest.mark.processes
def test_concurrent_patients_are_all_stored_exactly_once(tmp_path: Path) -> None:
    # The small questionnaire: what is measured is the storing, not the content.
    result = run_load(
        fresh_database_url(tmp_path),
        patients=12,
        workers=3,
        questions=MINIMAL_QUESTIONS,
    )
    assert result.lossless, result
