"""check-questions, which runs even when the app cannot start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA
from .conftest import ROOT
from .conftest import SHIPPED_QUESTIONS
from .conftest import TEST_CLINIC
from .conftest import TEST_SECRET_KEY

#: Runs the real `flask` command on the content.
pytestmark = [pytest.mark.processes, pytest.mark.one_engine]


FLASK = [sys.executable, "-m", "flask", "--app", "screener"]


def flask(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real `flask --app screener` command, as an author would."""
    environment = {
        **os.environ,
        "SCREENER_SECRET_KEY": TEST_SECRET_KEY,
        **{f"SCREENER_{key}": value for key, value in TEST_CLINIC.items()},
        **env,
    }
    return subprocess.run(
        [*FLASK, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        check=False,
    )


def test_check_questions_passes_the_shipped_file() -> None:
    result = flask("check-questions")
    assert result.returncode == 0, result.stderr
    assert f"{SHIPPED_QUESTIONS}: OK. Version" in result.stdout


def test_check_questions_rejects_a_broken_file_naming_the_problem() -> None:
    broken = DATA / "bad" / "forward_show_if.yaml"
    result = flask("check-questions", str(broken))
    assert result.returncode == 1
    assert f"{broken}, line" in result.stderr
    assert (
        "page 'neck_page': show_if refers to 'age_now', which is not on an earlier page"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_check_questions_works_when_the_configured_file_is_broken() -> None:
    broken = DATA / "bad" / "duplicate_id.yaml"
    result = flask("check-questions", SCREENER_QUESTIONS_PATH=str(broken))
    assert result.returncode == 1
    assert "question 'neck_turn': the id is used 2 times" in result.stderr


def test_the_app_refuses_to_start_on_a_broken_file_without_a_stack_trace(
    tmp_path: Path,
) -> None:
    broken = DATA / "bad" / "diagnostic_wording.yaml"
    result = flask(
        "init-db",
        SCREENER_QUESTIONS_PATH=str(broken),
        SCREENER_DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
    )
    assert result.returncode == 1
    assert "The app cannot start on this questions.yaml." in result.stderr
    assert "diagnostic wording 'you may have'" in result.stderr
    assert "Traceback" not in result.stderr
