"""Components from Debian that some tests need (`make test` installs them): without
one, a test skips on a developer's machine and fails under CI=true, where a missing
component must not pass for a green run."""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def missing(message: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_command(name: str, package: str) -> str:
    """The path of a command, or skip (fail under CI=true) naming its package."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is missing: `make test` installs {package}")
    return found
