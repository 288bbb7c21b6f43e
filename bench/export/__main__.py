"""How fast is the CSV export, against pandas and a raw dump, and is its memory flat?

    .venv/bin/python bench/export [SIZE ...]      (default: 10000 1000000)

For each size it seeds a SQLite database (kept between runs), then in a fresh child
process each, so that peak memory belongs to one run alone:

- the app: the staff export, streamed through the app, newest first;
- pandas: read_sql in chunks of 10,000 and to_csv, producing the same columns from
  the answers (0/1 per option, blank if not asked), without formula protection;
- raw: `sqlite3 -csv` printing the table as it is stored (answers as one JSON cell).

It prints wall time, rows a second and peak memory for each. Targets: the app's
peak memory at the largest size at most 1.2x that at the smallest; its throughput
at least pandas' and at least 0.25x the raw dump's.
"""

from __future__ import annotations

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

QUERY = (
    "SELECT reference, submitted_on, questionnaire_version, status, red_flag_level, "
    "answers FROM submission ORDER BY submitted_on DESC, id DESC"
)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_app(count: int) -> dict[str, float]:
    client = signed_in(seeded(sqlite_url(count), count))
    started = time.perf_counter()
    response = client.post("/staff/export.csv", data={}, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    return {"seconds": time.perf_counter() - started, "mib": peak_mib(), "bytes": size}


def run_pandas(count: int) -> dict[str, float]:
    import orjson
    import pandas as pd
    from sqlalchemy import create_engine

    from screener.submissions import export

    app = seeded(sqlite_url(count), count)
    q = app.extensions["screener.questionnaire"]
    columns = export.columns(q)
    engine = create_engine(sqlite_url(count))
    started = time.perf_counter()
    size = 0
    with engine.connect() as connection, open("/dev/null", "w") as sink:
        for number, chunk in enumerate(
            pd.read_sql(QUERY, connection, chunksize=10_000)
        ):
            answers = pd.DataFrame.from_records(
                chunk["answers"].map(orjson.loads).tolist()
            )
            out = pd.DataFrame(index=chunk.index)
            for column in columns:
                if column.question is None:
                    out[column.name] = chunk.get(column.name, "")
                    continue
                values = (
                    answers[column.question.id]
                    if column.question.id in answers
                    else pd.Series([None] * len(chunk))
                )
                if column.code is None:
                    out[column.name] = values.fillna("").to_numpy()
                else:
                    code = column.code
                    out[column.name] = values.map(
                        lambda v, c=code: "" if not isinstance(v, list) else int(c in v)
                    ).to_numpy()
            regions = answers.get(q.file.regions_question)
            out["regions"] = regions.map(
                lambda v: ";".join(v) if isinstance(v, list) else ""
            ).to_numpy()
            text = out.to_csv(index=False, header=number == 0)
            size += len(text)
            sink.write(text)
    return {"seconds": time.perf_counter() - started, "mib": peak_mib(), "bytes": size}


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
        seeded(sqlite_url(count), count)  # here, so the children measure exporting only
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
        "(target >= 1), ",
        end="",
    )
    print(f"{versus_raw:.2f}x the raw dump (target >= 0.25)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(RUNS[sys.argv[2]](int(sys.argv[3]))))
    else:
        main([int(arg) for arg in sys.argv[1:]] or [10_000, 1_000_000])
