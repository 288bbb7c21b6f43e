"""How fast is the staff queue as submissions pile up?

    .venv/bin/python bench/queue [SIZE ...]      (default: 1000 100000)

For each size it seeds a SQLite database (kept between runs) and times, through the
app in this process, the queue page in its usual views and a reference look-up, and
prints each time and its ratio to the smallest size's. The pages use keyset
pagination and capped counts, so a good ratio is close to 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select

from bench.common import median_seconds
from bench.common import seeded
from bench.common import signed_in
from bench.common import sqlite_url
from screener.db import get_session
from screener.models import Submission

VIEWS = {
    "queue, newest first": "/staff/",
    "queue, most urgent first": "/staff/?order=urgent",
    "queue, new + neck": "/staff/?status=new&region=neck",
}


def measure(count: int) -> dict[str, float]:
    app = seeded(sqlite_url(count), count)
    client = signed_in(app)
    with app.app_context():
        reference = get_session().scalar(
            select(Submission.reference).order_by(Submission.id).limit(1)
        )
    figures = {
        name: median_seconds(lambda url=url: client.get(url))
        for name, url in VIEWS.items()
    }
    page = client.get("/staff/").get_data(as_text=True)
    next_link = (
        page.split('rel="next"')[0]
        .rsplit('href="', 1)[1]
        .split('"')[0]
        .replace("&amp;", "&")
    )
    figures["queue, second page"] = median_seconds(lambda: client.get(next_link))
    figures["reference look-up"] = median_seconds(
        lambda: client.get(f"/staff/lookup?reference={reference}")
    )
    return figures


def main(sizes: list[int]) -> None:
    results = {}
    for count in sizes:
        print(f"{count:,} submissions (SQLite):")
        results[count] = measure(count)
    base = results[sizes[0]]
    print(
        f"\n{'page':28}"
        + "".join(f"{f'{n:,} rows':>14}" for n in sizes)
        + f"{'ratio':>8}"
    )
    for name in base:
        times = "".join(f"{results[n][name] * 1000:>11.1f} ms" for n in sizes)
        print(f"{name:28}{times}{results[sizes[-1]][name] / base[name]:>7.2f}x")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 100_000])
