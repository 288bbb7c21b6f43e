"""A sign-in flood: do patients still get their pages while someone hammers sign-in?

    .venv/bin/python bench/flood [SECONDS] [THREADS]      (default: 20 20)

gunicorn as `make serve` runs it (gunicorn.conf.py, production settings, the real
argon2 cost), on a fresh SQLite file, measured twice: reached directly, and behind
nginx with deploy/nginx.conf as the README deploys it (skipped without nginx). Each
time the patients' start page is timed alone (the idle median), then again while
THREADS threads post wrong passwords to /staff/login as fast as they can for SECONDS
seconds (each with its own CSRF token, as a browser would). Prints both medians and
their ratio; the target (issue 11) is a flood median at most 2x the idle one. Before
the sign-in budget, 20 threads took the median from 3 ms to 2,784 ms.

All flood threads come from one address, so behind nginx its per-address limit meets
them; reached directly, only the app's own budget does (as for a flood from many
addresses, which nginx would let through at 10 a minute each).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.proxy import NGINX
from tests.proxy import running_nginx
from tests.server import running_server

TARGET = 2.0
PROBE = "/"
THREADS_PER_PROCESS = 5
#: The attacker is another machine: on a machine of 2 cores or more, the servers get
#: the first core and the flood (and the probe) the rest, so that the figures measure
#: the server, not a load generator taking its CPU.
_CPUS = sorted(os.sched_getaffinity(0))
SERVER_CPUS = set(_CPUS[:1]) if len(_CPUS) > 1 else set()
ATTACKER_CPUS = set(_CPUS[1:]) if len(_CPUS) > 1 else set()


def patient_median(url: str, seconds: float) -> tuple[float, int]:
    """The median time of the patients' start page, fetched one after another."""
    timings = []
    with httpx.Client(base_url=url, timeout=30, verify=False) as client:  # noqa: S501
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            client.get(PROBE).raise_for_status()
            timings.append(time.perf_counter() - started)
            time.sleep(0.02)  # a patient, not a load generator
    return statistics.median(timings), len(timings)


def flood(url: str, seconds: float, threads: int) -> Counter[int]:
    """One flooding process: `threads` threads posting wrong passwords."""
    if ATTACKER_CPUS:
        os.sched_setaffinity(0, ATTACKER_CPUS)
    os.nice(10)  # the patients' probe shares this core: let it through first
    statuses: Counter[int] = Counter()
    deadline = time.monotonic() + seconds

    def post_wrong_passwords() -> None:
        with httpx.Client(base_url=url, timeout=30, verify=False) as client:  # noqa: S501
            page = client.get("/staff/login").text
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            if token is None:
                raise RuntimeError("no CSRF token on the sign-in page")
            form = {"csrf_token": token[1], "username": "nobody", "password": "x" * 15}
            while time.monotonic() < deadline:
                statuses[client.post("/staff/login", data=form).status_code] += 1

    workers = [threading.Thread(target=post_wrong_passwords) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


def measure(label: str, url: str, seconds: float, threads: int) -> None:
    patient_median(url, 2)  # warm every worker
    idle, idle_count = patient_median(url, seconds / 2)
    processes = max(1, threads // THREADS_PER_PROCESS)
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        flooding = pool.starmap_async(
            flood, [(url, seconds + 2, threads // processes)] * processes
        )
        time.sleep(2)  # let the flood build up
        busy, busy_count = patient_median(url, seconds)
        statuses: Counter[int] = sum(flooding.get(), Counter())
    print(f"{label}:")
    for what, median, count in (
        (f"patients' {PROBE} alone", idle, idle_count),
        (f"during a {threads}-thread flood", busy, busy_count),
    ):
        print(f"  {what:<30} median {median * 1000:7.1f} ms ({count} requests)")
    answered = ", ".join(
        f"{count:,} x {status}" for status, count in sorted(statuses.items())
    )
    print(f"  sign-in posts answered: {answered}")
    ratio = busy / idle
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"  flood / idle = {ratio:.2f}x (target <= {TARGET:g}x): {verdict}")


def main(seconds: float, threads: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{folder}/flood.sqlite3"
        settings = {
            "SCREENER_SIGNIN_BUDGET_FILE": f"{folder}/signin-budget",
            "SCREENER_PROXY_FIX_X_PROTO": "1",
            "SCREENER_PROXY_FIX_X_HOST": "1",
        }
        if SERVER_CPUS:
            os.sched_setaffinity(0, SERVER_CPUS)  # what starts now inherits it
        with (
            running_server(database, **settings) as server,
            contextlib.ExitStack() as stack,
        ):
            upstream = server.url.removeprefix("http://")
            proxy = (
                stack.enter_context(running_nginx(Path(folder) / "nginx", upstream))
                if NGINX.exists()
                else None
            )
            if ATTACKER_CPUS:
                os.sched_setaffinity(0, ATTACKER_CPUS)
            measure("gunicorn alone", server.url, seconds, threads)
            if proxy is None:
                print("behind nginx: skipped, /usr/sbin/nginx is missing (make nginx)")
            else:
                measure("behind deploy/nginx.conf", proxy.https_url, seconds, threads)
    return 0


if __name__ == "__main__":
    arguments = [float(arg) for arg in sys.argv[1:]]
    seconds, threads = (arguments + [20, 20][len(arguments) :])[:2]
    sys.exit(main(seconds, int(threads)))
