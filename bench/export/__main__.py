"""How fast is the CSV export, and does its memory stay flat as rows grow?

    .venv/bin/python bench/export [SIZE ...]      (default: 10000 100000)

For each size it seeds a SQLite database (kept between runs), then, in a fresh
process so that peak memory belongs to the export alone, streams the whole export
through the app, and prints wall time, rows a second and peak resident memory.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.common import seeded
from bench.common import signed_in
from bench.common import sqlite_url


def export_once(count: int) -> dict[str, float]:
    """Run in a child process: stream the export and report time and peak memory."""
    app = seeded(sqlite_url(count), count)
    client = signed_in(app)
    started = time.perf_counter()
    response = client.post("/staff/export.csv", data={}, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB
    return {"seconds": seconds, "mib": peak, "megabytes": size / 1e6}


def main(sizes: list[int]) -> None:
    for count in sizes:
        seeded(
            sqlite_url(count), count
        )  # seed here, so the child measures the export only
    print(f"{'rows':>10} {'time':>9} {'rows/s':>10} {'CSV MB':>8} {'peak RSS':>10}")
    results = {}
    for count in sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(count)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        results[count] = figures
        rate = count / figures["seconds"]
        print(
            f"{count:>10,} {figures['seconds']:>8.2f}s {rate:>10,.0f} "
            f"{figures['megabytes']:>8.1f} {figures['mib']:>7.0f} MiB"
        )
    first, last = results[sizes[0]], results[sizes[-1]]
    ratio = last["mib"] / first["mib"]
    print(f"\npeak memory at {sizes[-1]:,} rows is {ratio:.2f}x that at {sizes[0]:,}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(export_once(int(sys.argv[2]))))
    else:
        main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
