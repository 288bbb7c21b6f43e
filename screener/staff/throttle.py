"""A budget of password checks for the whole machine, so that a flood of sign-ins
cannot take the CPU from patients.

A check costs argon2's 64 MiB and about 0.2 s of CPU, on purpose. Twenty threads
posting wrong passwords kept every worker hashing and took the patients' start page
from 3 ms to 2.8 s. Sign-ins now spend from a token bucket shared by every worker
process on the machine (a small file under a file lock); an attempt made when it is
empty is refused with 429 before any hashing, at the cost of a page with no database
work. The bucket is per machine because what it protects is this machine's CPU: one
per process would grow with the number of workers, one in the database would be
shared by every server.

The file holds two numbers, the tokens left and when they were counted: nothing about
who signed in.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock
from flask import Flask


@dataclass(frozen=True)
class SignInBudget:
    path: Path
    #: Checks the bucket refills with, per minute, and the most it holds.
    per_minute: float
    burst: int

    def take(self, now: float | None = None) -> bool:
        """Spend one check if any is left; False means refuse the attempt."""
        now = time.time() if now is None else now
        with FileLock(self.path.with_suffix(".lock")):
            tokens, counted_at = self._read(now)
            elapsed = max(0.0, now - counted_at)  # a clock set back refills nothing
            tokens = min(float(self.burst), tokens + elapsed * self.per_minute / 60)
            allowed = tokens >= 1
            self.path.write_text(json.dumps([tokens - allowed, now]))
        return allowed

    @property
    def retry_after(self) -> int:
        """Seconds until the next check is available, at the refill rate."""
        return max(1, round(60 / self.per_minute))

    def _read(self, now: float) -> tuple[float, float]:
        try:
            tokens, counted_at = json.loads(self.path.read_text())
            return float(tokens), float(counted_at)
        except (OSError, ValueError, TypeError):
            return float(self.burst), now  # first use, or a damaged file: start full


def budget_for(app: Flask) -> SignInBudget:
    """The app's budget; its file is named after the database, so that apps on one
    machine share a budget exactly when they serve the same clinic."""
    if "screener.signin_budget" not in app.extensions:
        config = app.config
        path = config["SIGNIN_BUDGET_FILE"]
        if not path:
            database = hashlib.sha256(config["DATABASE_URL"].encode()).hexdigest()
            path = Path(tempfile.gettempdir()) / f"screener-signin-{database[:16]}"
        app.extensions["screener.signin_budget"] = SignInBudget(
            Path(path),
            per_minute=float(config["SIGNIN_CHECKS_PER_MINUTE"]),
            burst=int(config["SIGNIN_BURST"]),
        )
    budget: SignInBudget = app.extensions["screener.signin_budget"]
    return budget
