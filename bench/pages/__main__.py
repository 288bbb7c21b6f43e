"""How fast is a question page, next to a bare Flask app under the same server?

    .venv/bin/python bench/pages [SECONDS] [WORKERS] [CONNECTIONS]   (default: 10 4 16)

It starts gunicorn as `make serve` does (WORKERS sync workers) for each app:
bench/pages/hello.py, a Flask app that returns "hello"; bench/pages/naive.py, a
question page written the plain Flask-WTF way, for scale; bench/pages/floor.py, the
screener with a page that does nothing, for the ceiling of any page of the app; and the
screener on a fresh SQLite database. wrk, on loopback, loads each for SECONDS in all
with CONNECTIONS connections, in turns of SECONDS/5 taken in rotation, so that a slow
spell of the machine falls on every app alike:

- hello, naive: GET /;
- floor: GET of the fixed page, with a session cookie;
- page: GET of a question page (a patient's third page, three questions), in real
  patient sessions, each with its own draft and CSRF token;
- pair: the same page's GET and then its POST with answers, alternating, so every
  second request saves a draft.

It prints requests a second for each and the ratio of each to hello. Target: 0.5x.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from screener.questionnaire import load_questionnaire
from tests.http_client import HttpClient
from tests.patient_walk import PatientWalk
from tests.server import running_gunicorn
from tests.server import running_server

SESSIONS = 32
#: How many turns each app's run is cut into (see main).
ROUNDS = 5
PAGE = "about_person_page"
PATH = f"/questions/{PAGE}"
NAIVE_APP = "bench.pages.naive:app"
FLOOR_APP = "bench.pages.floor:app"
FLOOR_PATH = "/bench/fixed-page"
PEER_APP = "bench.pages.peer:app"
PEER_PATH = "/questions/about"
#: Issue 10's target: the screener's page and pair against the peer doing equal work.
TARGET_VS_PEER = 1.5
LABELS = {
    "hello": "hello (bare Flask)",
    "naive": "naive Flask-WTF page, no database (for scale)",
    "floor": "screener, fixed page (its ceiling)",
    "peer page": "equal-work peer: GET of the page",
    "peer pair": "equal-work peer: GET + POST pairs",
    "page": f"screener: GET {PATH}",
    "pair": "screener: GET + POST pairs",
}

FLOOR_LUA = """
request = function()
  return wrk.format("GET", "%(path)s", {["Cookie"] = "%(cookie)s"})
end
"""
LUA = """
local sessions = {%(sessions)s}
local counter = 0
request = function()
  counter = counter + 1
  local s = sessions[(math.floor(counter / 2) %% #sessions) + 1]
  if "%(mode)s" == "pair" and counter %% 2 == 0 then
    return wrk.format("POST", "%(path)s", {
      ["Cookie"] = s[1],
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, "csrf_token=" .. s[2] .. "&%(body)s")
  end
  return wrk.format("GET", "%(path)s", {["Cookie"] = s[1]})
end
"""


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> float:
    """Run wrk; return requests a second, refusing a run with failed requests."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script or "")
    if script:
        command += ["-s", lua.name]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    os.unlink(lua.name)
    if "Non-2xx or 3xx" in output or "Socket errors" in output:
        raise SystemExit(f"wrk saw failed requests:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]


def patients(url: str) -> tuple[list[tuple[str, str]], str]:
    """Real sessions standing at PAGE, each (cookie, CSRF token); and PAGE's answers."""
    q = load_questionnaire(ROOT / "questions.yaml")
    sessions, body = [], ""
    for _ in range(SESSIONS):
        client = HttpClient(url)
        walker = PatientWalk(client, q)  # type: ignore[arg-type]
        walker.start()
        walker.walk(stop_after=PAGE)  # now PAGE is done once, and open
        cookie = "; ".join(
            f"{name}={value}" for name, value in client.http.cookies.items()
        )
        client.get(PATH)
        sessions.append((cookie, client.token or ""))
        body = urllib.parse.urlencode(walker.form_data(PAGE, {}), doseq=True)
        client.close()
    return sessions, body


def peer_sessions(url: str) -> tuple[list[tuple[str, str]], str]:
    """Sessions of the equal-work peer standing at its page, with the page's answers."""
    sessions = []
    for _ in range(SESSIONS):
        client = HttpClient(url)
        client.get("/start")
        client.post("/start")
        client.get(PEER_PATH)
        cookie = "; ".join(
            f"{name}={value}" for name, value in client.http.cookies.items()
        )
        sessions.append((cookie, client.token or ""))
        client.close()
    answers = {
        "age_band": "age_41_60",
        "age_started": "over_40",
        "body_regions": "neck",
    }
    return sessions, urllib.parse.urlencode(answers)


def main(seconds: int, workers: int, connections: int) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does)")
    with contextlib.ExitStack() as servers, tempfile.TemporaryDirectory() as folder:
        runs: dict[str, tuple[str, str | None]] = {}  # mode: (url, wrk script)
        for mode, app in (("hello", "bench.pages.hello:app"), ("naive", NAIVE_APP)):
            server = servers.enter_context(running_gunicorn(app, workers))
            runs[mode] = (server.url, None)
        database = f"sqlite:///{folder}/pages.sqlite3"
        floor = servers.enter_context(
            running_server(database, workers=workers, app=FLOOR_APP)
        )
        cookie = HttpClient(floor.url).http.get(FLOOR_PATH).headers["set-cookie"]
        script = FLOOR_LUA % {"path": FLOOR_PATH, "cookie": cookie.split(";")[0]}
        runs["floor"] = (floor.url, script)
        screener = servers.enter_context(running_server(database, workers=workers))
        sessions, body = patients(screener.url)
        table = ", ".join(f'{{"{c}", "{t}"}}' for c, t in sessions)
        for mode in ("page", "pair"):
            values = {"sessions": table, "mode": mode, "path": PATH, "body": body}
            runs[mode] = (screener.url, LUA % values)
        peer = servers.enter_context(
            running_gunicorn(
                PEER_APP,
                workers,
                ready_path="/start",
                PEER_DATABASE=f"{folder}/peer.sqlite3",
            )
        )
        sessions, body = peer_sessions(peer.url)
        table = ", ".join(f'{{"{c}", "{t}"}}' for c, t in sessions)
        for mode in ("page", "pair"):
            values = {"sessions": table, "mode": mode, "path": PEER_PATH, "body": body}
            runs[f"peer {mode}"] = (peer.url, LUA % values)
        # Each app gets SECONDS in ROUNDS short runs, the apps taking turns, so that
        # the machine's wandering speed falls on all of them alike.
        rates: dict[str, list[float]] = {mode: [] for mode in runs}
        for _ in range(ROUNDS):
            for mode, (url, script) in runs.items():
                rates[mode].append(wrk(url, seconds // ROUNDS, connections, script))
    results = {mode: statistics.mean(each) for mode, each in rates.items()}
    print(
        f"gunicorn, {workers} sync workers; wrk, 2 threads, {connections} "
        f"connections, {seconds} s each in {ROUNDS} turns"
    )
    print(f"{'run':44} {'requests/s':>11} {'vs hello':>9}")
    for mode, label in LABELS.items():
        ratio = results[mode] / results["hello"]
        print(f"{label:44} {results[mode]:>11,.0f} {ratio:>8.2f}x")
    for mode in ("page", "pair"):
        ratio = results[mode] / results[f"peer {mode}"]
        verdict = "met" if ratio >= TARGET_VS_PEER else "NOT met"
        print(
            f"screener {mode} vs the equal-work peer: {ratio:.2f}x "
            f"(target {TARGET_VS_PEER:.1f}x: {verdict})"
        )


if __name__ == "__main__":
    arguments = [int(arg) for arg in sys.argv[1:]]
    main(*(arguments or [10, 4, 16]))
