"""How long does the summary PDF take to render, and how large is it?

    .venv/bin/python bench/pdf [ROUNDS]      (default: 5)

For each patient of tests/data/summary_patients.yaml (one part of the body and every
part, routine and typical answers) it sends the answers through the app, then times
GET /summary.pdf ROUNDS times in turn with the floor, and prints the median time, the
PDF's size and pages. The floor is WeasyPrint rendering a one-line document with the
same stylesheet, in the same process and run: what any PDF from this app costs, so
the ratio says what the summary itself adds. There is no timed target; the figures
are recorded in bench/README.md.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader

from screener.web.pdf import render_pdf
from tests.conftest import make_app
from tests.patient_walk import PatientWalk
from tests.summary_patients import summary_patients

FLOOR = (
    '<!doctype html><html lang="en"><head><title>Floor</title></head>'
    "<body><p>One line.</p></body></html>"
)


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(rounds: int) -> None:
    app = make_app()
    q = app.extensions["screener.questionnaire"]
    print(f"{'patient':<24}{'pages':>6}{'KiB':>8}{'median s':>10}{'floor s':>9}  ratio")
    for patient in summary_patients(q):
        client = app.test_client()
        PatientWalk(client, q).complete(patient.overrides)
        client.get("/summary.pdf")  # warm: the stylesheet is parsed once per process
        summary_times: list[float] = []
        floor_times: list[float] = []
        download = partial(client.get, "/summary.pdf")
        for _ in range(rounds):
            summary_times.append(_timed(download))
            with app.app_context():
                floor_times.append(_timed(partial(render_pdf, FLOOR)))
        pdf = client.get("/summary.pdf").data
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        median, floor = statistics.median(summary_times), statistics.median(floor_times)
        print(
            f"{patient.name:<24}{pages:>6}{len(pdf) / 1024:>8.1f}"
            f"{median:>10.2f}{floor:>9.2f}{median / floor:>6.0f}x"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
