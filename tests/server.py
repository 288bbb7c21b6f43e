"""A real server for tests and benchmarks: gunicorn on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "server-test-secret-key-0123456789abcdef"
#: The settings every app process started here gets, as its environment.
APP_ENVIRONMENT = {
    "SCREENER_SECRET_KEY": SECRET_KEY,
    "SCREENER_CLINIC_NAME": "Example Neurology Clinic",
    "SCREENER_CLINIC_PHONE": "020 7946 0000",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def migrate(database_url: str, **settings: str) -> None:
    """Create or update the schema the way an operator does: `flask init-db`."""
    env = {
        **os.environ,
        **APP_ENVIRONMENT,
        "SCREENER_DATABASE_URL": database_url,
        **settings,
    }
    flask = [sys.executable, "-m", "flask", "--app", "screener", "init-db"]
    subprocess.run(flask, env=env, cwd=ROOT, check=True, capture_output=True)


@contextmanager
def running_server(
    database_url: str,
    workers: int = 2,
    app: str = "screener:create_app()",
    **settings: str,
) -> Iterator[Server]:
    """gunicorn as `make serve` runs it, on plain HTTP (so cookies are not Secure)."""
    migrate(database_url, **settings)
    with running_gunicorn(
        app,
        workers,
        ready_path="/healthz",
        SCREENER_DATABASE_URL=database_url,
        SCREENER_SESSION_COOKIE_SECURE="false",
        **settings,
    ) as server:
        yield server


@contextmanager
def running_gunicorn(
    app: str, workers: int, ready_path: str = "/", **settings: str
) -> Iterator[Server]:
    """Any WSGI app (`module:variable`) under gunicorn with the settings of `make
    serve`; ready once `ready_path` answers 200."""
    port = free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        **APP_ENVIRONMENT,
        **settings,
    }
    with tempfile.NamedTemporaryFile(
        prefix="gunicorn-", suffix=".log", delete=False
    ) as log:
        log_path = Path(log.name)
    with log_path.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", log_path)
    try:
        _wait_until_ready(server, process, ready_path)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_ready(
    server: Server, process: subprocess.Popen[bytes], path: str, seconds: float = 60
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{server.log()}")
        try:
            if httpx.get(f"{server.url}{path}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {seconds} s:\n{server.log()}")
