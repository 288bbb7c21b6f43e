"""How fast are the dashboard, a submission and the audit log as submissions pile up?

    .venv/bin/python bench/dashboard [--repeat N] [SIZE ...]   (default: 1000 1000000)

For each size, on SQLite and on PostgreSQL, it opens the seeded database that
bench/queue uses (seeding it on the first run), counts any dashboard indicator not
counted yet (as `flask count-dashboard` does; a database seeded before the dashboard
kept counts needs it once) and signs in to an app on it, in this process. Then it
times, request by request through the app, every dashboard view: the default window,
the full range the dashboard allows (ten years) and a four-week window a year back
(the dashboard's one filter is its dates); then one submission's page and the first
page of the audit log. The sizes are taken in turn request by request, so that a slow
moment of the machine falls on all of them alike. It prints the median time of each,
with the ratio of the largest size to the smallest.
Targets: every ratio 1.5x or less, and every dashboard view 300 ms or less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask.testing import FlaskClient
from sqlalchemy import select

from bench.common import DATABASES
from bench.common import interleaved_medians
from bench.common import seeded
from bench.common import signed_in
from screener.db import engine_of
from screener.db import get_session
from screener.db.models import Submission
from screener.submissions import dashboard_recount

#: Requests per figure and size, after a few to warm up.
REPEAT = 51
WARM_UP = 3


def views(reference: str) -> dict[str, str]:
    a_year_ago = dt.date.today() - dt.timedelta(days=365)
    four_weeks = f"since={a_year_ago}&until={a_year_ago + dt.timedelta(days=27)}"
    return {
        "dashboard, default window": "/staff/dashboard",
        # The earliest date is moved up to the start of the range allowed.
        "dashboard, full range": "/staff/dashboard?since=0001-01-01",
        "dashboard, four weeks": f"/staff/dashboard?{four_weeks}",
        "submission page": f"/staff/submissions/{reference}",
        "audit log": "/staff/admin/audit",
    }


def subject(url: str, count: int) -> tuple[FlaskClient, dict[str, str]]:
    app = seeded(url, count)
    with app.app_context():
        # A database seeded before the dashboard kept counts, or before questions.yaml
        # changed an indicator, has indicators to count first (`flask count-dashboard`).
        started = time.perf_counter()
        counted = dashboard_recount.count_new(
            get_session(), app.extensions["screener.questionnaire"]
        )
        if counted.counted:
            seconds = time.perf_counter() - started
            print(f"  counted {counted.counted} indicators in {seconds:.1f} s")
        newest = select(Submission.reference).order_by(Submission.id.desc()).limit(1)
        reference = get_session().scalar(newest)
    if reference is None:
        raise SystemExit(f"{url} holds no submissions")
    return signed_in(app), views(reference)


def main(sizes: list[int], repeat: int) -> None:
    for engine, database in DATABASES.items():
        clients, urls = {}, {}
        for count in sizes:
            print(f"{count:,} submissions ({engine}):")
            clients[count], urls[count] = subject(database(count), count)
        header = "".join(f"{f'{n:,} rows':>16}" for n in sizes)
        print(f"\n{engine:28}{header}{'ratio':>8}")
        for view in urls[sizes[0]]:
            medians = interleaved_medians(
                clients,
                {count: urls[count][view] for count in sizes},
                repeat,
                WARM_UP,
            )
            times = "".join(f"{medians[n] * 1000:>13.1f} ms" for n in sizes)
            ratio = medians[sizes[-1]] / medians[sizes[0]]
            print(f"{view:28}{times}{ratio:>7.2f}x")
        print()
        for client in clients.values():
            engine_of(client.application).dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=REPEAT)
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.repeat)
