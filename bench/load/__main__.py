"""Load without loss: many patients complete the screener at once against gunicorn.

    .venv/bin/python bench/load [PATIENTS] [WORKERS]      (default: 200 4)

On SQLite (a fresh file) and on PostgreSQL (a fresh schema), PATIENTS simulated
patients each start, answer every page and send their answers, all at once, over
loopback HTTP to gunicorn with WORKERS workers. Passes when every completion is
stored exactly once, with no 5xx response, no "database is locked" and no traceback.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.common import postgresql_schema
from tests.load import LoadResult
from tests.load import run_load


def report(engine: str, result: LoadResult) -> None:
    rate = result.requests / result.seconds
    verdict = "PASS" if result.lossless else "FAIL"
    print(
        f"{engine:11} {result.completed:>4}/{result.patients} completed, "
        f"{result.stored:>4} stored, {result.duplicates} duplicates, "
        f"{result.server_errors} 5xx, {result.locked} locked, "
        f"{result.tracebacks} tracebacks; {result.requests:,} requests "
        f"in {result.seconds:.0f} s ({rate:.0f}/s) -> {verdict}"
    )


def main(patients: int, workers: int) -> int:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = run_load(
            f"sqlite:///{folder}/load.sqlite3", patients, workers
        )
        report("SQLite", results["SQLite"])
    with postgresql_schema("bench_load") as url:
        results["PostgreSQL"] = run_load(url, patients, workers)
        report("PostgreSQL", results["PostgreSQL"])
    return 0 if all(result.lossless for result in results.values()) else 1


if __name__ == "__main__":
    arguments = [int(arg) for arg in sys.argv[1:]]
    sys.exit(main(*(arguments or [200, 4])))
