"""How fast is the staff queue as submissions pile up?

    .venv/bin/python bench/queue [SIZE ...]      (default: 1000 1000000)

For each size, on SQLite and on PostgreSQL, it seeds a database (kept between runs),
then times through the app in this process the queue page in its usual views and a
reference look-up (median of 15), and prints each time with the ratio of the largest
size to the smallest. Target: 1.5x or less.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select

from bench.common import DATABASES
from bench.common import median_seconds
from bench.common import seeded
from bench.common import signed_in
from screener.db import engine_of
from screener.db import get_session
from screener.models import Submission

VIEWS = {
    "queue, newest first": "/staff/",
    "queue, most urgent first": "/staff/?order=urgent",
    "queue, new + neck": "/staff/?status=new&region=neck",
}


def measure(url: str, count: int) -> dict[str, float]:
    app = seeded(url, count)
    client = signed_in(app)
    with app.app_context():
        first = select(Submission.reference).order_by(Submission.id).limit(1)
        reference = get_session().scalar(first)
    figures = {
        name: median_seconds(lambda url=url: client.get(url))
        for name, url in VIEWS.items()
    }
    page = client.get("/staff/").get_data(as_text=True)
    link = page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    next_page = link.replace("&amp;", "&")
    figures["queue, second page"] = median_seconds(lambda: client.get(next_page))
    lookup = f"/staff/lookup?reference={reference}"
    figures["reference look-up"] = median_seconds(lambda: client.get(lookup))
    engine_of(app).dispose()
    return figures


def main(sizes: list[int]) -> None:
    for engine, database in DATABASES.items():
        results = {}
        for count in sizes:
            print(f"{count:,} submissions ({engine}):")
            results[count] = measure(database(count), count)
        small, large = results[sizes[0]], results[sizes[-1]]
        header = "".join(f"{f'{n:,} rows':>16}" for n in sizes)
        print(f"\n{engine:26}{header}{'ratio':>8}")
        for name in small:
            times = "".join(f"{results[n][name] * 1000:>13.1f} ms" for n in sizes)
            print(f"{name:26}{times}{large[name] / small[name]:>7.2f}x")
        print()


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 1_000_000])
