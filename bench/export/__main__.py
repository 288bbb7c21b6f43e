"""How fast is the CSV export, against pandas and a raw dump, and is its memory flat?

    .venv/bin/python bench/export [SIZE ...]      (default: 10000 1000000)
    .venv/bin/python bench/export --check [SIZE]  (default: 10000)

For each size it seeds a SQLite database (kept between runs; cells stored in an
older format are re-rendered first, as `flask refresh-export-rows` does after an
upgrade), then in a fresh child process each, so that peak memory belongs to one
run alone:

- the app: the staff export of the queue newest first, streamed through the app;
- pandas: the same export written the way a pandas user would, vectorised
  (bench/export/peer.py): read_sql in chunks of 10,000, the answers spread into a
  frame, explode and get_dummies for the 0/1 columns, show_if as column operations
  for blank against ASKU, to_csv; the same columns and cells, without formula
  protection;
- raw: `sqlite3 -csv` printing the table as it is stored (answers as one JSON cell).

It prints wall time, rows a second and peak memory for each. Targets: the app's
peak memory at the largest size at most 1.2x that at the smallest; its throughput
at least 2x pandas' and at least 0.5x the raw dump's. `--check` compares the app's
CSV with the peer's cell by cell (leading apostrophes aside) and says how many differ.
"""

from __future__ import annotations

import csv
import io
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.common import seeded
from bench.common import signed_in
from bench.common import sqlite_url

#: The queue's order the peers sort by too (peer.QUERY): newest first.
NEWEST_FIRST = {"order": "newest"}


def with_current_cells(count: int) -> None:
    """Seed, and re-render cells stored in an older format or for another version
    of questions.yaml: otherwise the app would build every row from its answers, as
    it does until `flask refresh-export-rows` runs after an upgrade."""
    from screener.db import get_session
    from screener.submissions import export

    app = seeded(sqlite_url(count), count)
    with app.app_context():
        started = time.perf_counter()
        changed = export.refresh_stored_cells(
            get_session(), app.extensions["screener.questionnaire"]
        )
        if changed:
            seconds = time.perf_counter() - started
            print(f"  re-rendered {changed:,} rows' stored cells in {seconds:.0f} s")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_app(count: int) -> dict[str, float]:
    client = signed_in(seeded(sqlite_url(count), count))
    started = time.perf_counter()
    response = client.post("/staff/export.csv", data=NEWEST_FIRST, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    return {"seconds": time.perf_counter() - started, "mib": peak_mib(), "bytes": size}


def run_pandas(count: int) -> dict[str, float]:
    from sqlalchemy import create_engine

    from bench.export import peer

    app = seeded(sqlite_url(count), count)
    q = app.extensions["screener.questionnaire"]
    engine = create_engine(sqlite_url(count))
    started = time.perf_counter()
    size = 0
    with engine.connect() as connection, open("/dev/null", "w") as sink:
        for text in peer.csv_chunks(q, connection):
            size += len(text)
            sink.write(text)
    return {"seconds": time.perf_counter() - started, "mib": peak_mib(), "bytes": size}


def check(count: int) -> None:
    """Compare the app's CSV with the peer's, cell by cell."""
    import sqlite3

    from bench.export import peer

    app = seeded(sqlite_url(count), count)
    with sqlite3.connect(sqlite_url(count).removeprefix("sqlite:///")) as connection:
        theirs = "".join(
            peer.csv_chunks(app.extensions["screener.questionnaire"], connection)
        )
    response = signed_in(app).post("/staff/export.csv", data=NEWEST_FIRST)
    ours = response.get_data(as_text=True).removeprefix("\ufeff")
    app_rows = csv.reader(io.StringIO(ours, newline=""))
    peer_rows = csv.reader(io.StringIO(theirs, newline=""))
    differ = cells = 0
    for mine, other in zip(app_rows, peer_rows, strict=True):
        for a, b in zip(mine, other, strict=True):
            cells += 1
            differ += a.removeprefix("'") != b
    print(f"{cells:,} cells compared, {differ:,} differ")
    if differ:
        raise SystemExit(1)


def run_raw(count: int) -> dict[str, float]:
    database = sqlite_url(count).removeprefix("sqlite:///")
    started = time.perf_counter()
    with open("/dev/null", "w") as sink:
        subprocess.run(
            ["sqlite3", "-csv", database, "SELECT * FROM submission"],
            stdout=sink,
            check=True,
        )
    seconds = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "mib": child, "bytes": 0}


RUNS = {"app": run_app, "pandas": run_pandas, "raw sqlite3 -csv": run_raw}


def main(sizes: list[int]) -> None:
    if shutil.which("sqlite3") is None:
        raise SystemExit(
            "the sqlite3 command is missing: apt-get install sqlite3 (make bench does)"
        )
    for count in sizes:
        with_current_cells(count)  # here, so the children measure exporting only
    results: dict[tuple[str, int], dict[str, float]] = {}
    print(f"{'run':18} {'rows':>10} {'time':>9} {'rows/s':>10} {'peak memory':>12}")
    for count in sizes:
        for name in RUNS:
            child = subprocess.run(
                [sys.executable, __file__, "--child", name, str(count)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            results[name, count] = figures
            rate = count / figures["seconds"]
            print(
                f"{name:18} {count:>10,} {figures['seconds']:>8.2f}s "
                f"{rate:>10,.0f} {figures['mib']:>8.0f} MiB"
            )
    small, large = sizes[0], sizes[-1]
    app_large = results["app", large]
    memory = app_large["mib"] / results["app", small]["mib"]
    versus_pandas = results["pandas", large]["seconds"] / app_large["seconds"]
    versus_raw = results["raw sqlite3 -csv", large]["seconds"] / app_large["seconds"]
    print(
        f"\napp peak memory at {large:,} rows: {memory:.2f}x that at {small:,} "
        "(target <= 1.2x)"
    )
    print(
        f"app throughput at {large:,} rows: {versus_pandas:.2f}x pandas "
        "(target >= 2), ",
        end="",
    )
    print(f"{versus_raw:.2f}x the raw dump (target >= 0.5)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(RUNS[sys.argv[2]](int(sys.argv[3]))))
    elif sys.argv[1:2] == ["--check"]:
        check(int(sys.argv[2]) if sys.argv[2:] else 10_000)
    else:
        main([int(arg) for arg in sys.argv[1:]] or [10_000, 1_000_000])
