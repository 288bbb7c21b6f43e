"""How fast is the staff queue as submissions pile up?

    .venv/bin/python bench/queue [SIZE ...]      (default: 1000 1000000)

For each size, on SQLite and on PostgreSQL, it seeds a database (kept between runs)
and signs in to an app on it, in this process. Then it times the queue page in its
usual views and a reference look-up, taking the sizes in turn request by request (so
that a slow moment of the machine falls on all of them alike), and prints the median
time of each with the ratio of the largest size to the smallest. Target: 1.5x or less.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bench.common import DATABASES
from bench.common import interleaved_medians
from bench.common import seeded
from bench.common import signed_in
from screener.db import engine_of
from screener.db import get_session
from screener.db.models import Submission

VIEWS = {
    "queue, new and urgent first": "/staff/",
    "queue, newest first": "/staff/?order=newest",
    "queue, most urgent first": "/staff/?order=urgent",
    "queue, new + neck": "/staff/?status=new&region=neck",
    "queue, pattern multifocal": "/staff/?pattern=multifocal",
    "queue, neck + segmental, newest": (
        "/staff/?region=neck&pattern=segmental&order=newest"
    ),
    "queue, new + generalised, most urgent": (
        "/staff/?status=new&pattern=generalised&order=urgent"
    ),
}
#: Requests per figure and size, after a few to warm up. A page takes milliseconds
#: and this machine's speed wanders, so many samples keep the medians steady.
REPEAT = 101
WARM_UP = 5


@dataclass
class Subject:
    """A seeded database, an app on it and a signed-in staff member."""

    app: Flask
    client: FlaskClient
    urls: dict[str, str]


def subject(url: str, count: int) -> Subject:
    app = seeded(url, count)
    client = signed_in(app)
    with app.app_context():
        first = select(Submission.reference).order_by(Submission.id).limit(1)
        reference = get_session().scalar(first)
    page = client.get("/staff/").get_data(as_text=True)
    link = page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    urls = {
        **VIEWS,
        "queue, second page": link.replace("&amp;", "&"),
        "reference look-up": f"/staff/lookup?reference={reference}",
    }
    return Subject(app, client, urls)


def main(sizes: list[int]) -> None:
    for engine, database in DATABASES.items():
        subjects = {}
        for count in sizes:
            print(f"{count:,} submissions ({engine}):")
            subjects[count] = subject(database(count), count)
        header = "".join(f"{f'{n:,} rows':>16}" for n in sizes)
        print(f"\n{engine:40}{header}{'ratio':>8}")
        for view in subjects[sizes[0]].urls:
            medians = interleaved_medians(
                {n: each.client for n, each in subjects.items()},
                {n: each.urls[view] for n, each in subjects.items()},
                REPEAT,
                WARM_UP,
            )
            times = "".join(f"{medians[n] * 1000:>13.1f} ms" for n in sizes)
            ratio = medians[sizes[-1]] / medians[sizes[0]]
            print(f"{view:40}{times}{ratio:>7.2f}x")
        print()
        for each in subjects.values():
            engine_of(each.app).dispose()


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 1_000_000])
