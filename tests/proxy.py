"""The shipped deploy/nginx.conf, run by the current user on free loopback ports.

The file is the single source: `render_config` changes only the addresses and paths a
test cannot use (ports 80 and 443, /run, /var/log, /var/lib, the certificate, the
upstream), each by an exact string that must be found in it, so a directive that moved
or changed shape fails the test instead of being left out. Everything else (buffering,
timeouts, limits, headers, gzip, the log format) runs as shipped.

nginx comes from Debian's `nginx` package (`make test` installs it). Without it the
proxy tests skip on a developer's machine and fail under CI=true, as the browser
tests do.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.server import ROOT
from tests.server import free_port

NGINX = Path("/usr/sbin/nginx")
SHIPPED_CONFIG = ROOT / "deploy" / "nginx.conf"
#: The public name in the shipped file; requests to the test's nginx go to its port.
SERVER_NAME = "screener.clinic.example"


def require_nginx(path: Path = NGINX) -> None:
    """Skip without nginx on a developer's machine; fail under CI=true."""
    if path.exists():
        return
    message = f"{path} is missing: `make test` installs the nginx package"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Certificate:
    certificate: Path
    key: Path

    def client_context(self) -> ssl.SSLContext:
        """A client that trusts this certificate alone, checking the address in it."""
        return ssl.create_default_context(cafile=str(self.certificate))


def make_certificate(folder: Path) -> Certificate:
    """A throwaway self-signed certificate for 127.0.0.1, made with the openssl CLI."""
    certificate = Certificate(folder / "cert.pem", folder / "key.pem")
    subprocess.run(
        [  # noqa: S607 - openssl from PATH, as an operator would run it
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(certificate.key),
            "-out",
            str(certificate.certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate


def render_config(
    folder: Path,
    *,
    http_port: int,
    https_port: int,
    upstream: str,
    certificate: Certificate,
) -> Path:
    """Write the shipped file, with the test's ports and paths, into `folder`."""
    logs = folder / "logs"
    temp = folder / "temp"
    logs.mkdir()
    temp.mkdir()
    # (shipped text, its replacement, how many times it must occur)
    replacements = [
        # Only root can switch users; the test's nginx runs as whoever runs the test.
        ("user www-data;\n", "", 1),
        ("/run/nginx.pid", str(folder / "nginx.pid"), 1),
        ("/var/log/nginx/", f"{logs}/", 2),
        ("/var/lib/nginx/", f"{temp}/", 5),
        ("/etc/ssl/screener/fullchain.pem", str(certificate.certificate), 1),
        ("/etc/ssl/screener/privkey.pem", str(certificate.key), 1),
        ("server 127.0.0.1:8000;", f"server {upstream};", 1),
        ("listen 80;", f"listen 127.0.0.1:{http_port};", 1),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1),
        # IPv6 listeners: loopback-only tests have the IPv4 ones above.
        ("listen [::]:80;\n", "", 1),
        ("listen [::]:443 ssl http2;\n", "", 1),
    ]
    text = SHIPPED_CONFIG.read_text()
    for shipped, replacement, count in replacements:
        found = text.count(shipped)
        assert found == count, f"{shipped!r} is in deploy/nginx.conf {found} times"
        text = text.replace(shipped, replacement)
    rendered = folder / "nginx.conf"
    rendered.write_text(text)
    return rendered


@dataclass
class Proxy:
    """An nginx running deploy/nginx.conf, with its ports and logs at hand."""

    https_url: str
    http_url: str
    https_port: int
    folder: Path
    certificate: Certificate

    @property
    def access_log(self) -> Path:
        return self.folder / "logs" / "access.log"

    @property
    def error_log(self) -> Path:
        return self.folder / "logs" / "error.log"

    @property
    def output(self) -> Path:
        """What nginx wrote to stdout and stderr (before it opened its error log)."""
        return self.folder / "nginx.out"

    def logs(self) -> str:
        return "".join(
            path.read_text(errors="replace")
            for path in (self.access_log, self.error_log, self.output)
            if path.exists()
        )


@contextmanager
def running_nginx(folder: Path, upstream: str) -> Iterator[Proxy]:
    """nginx with the shipped configuration in front of `upstream` (host:port)."""
    require_nginx()
    folder.mkdir(parents=True, exist_ok=True)
    certificate = make_certificate(folder)
    https_port, http_port = free_port(), free_port()
    config = render_config(
        folder,
        http_port=http_port,
        https_port=https_port,
        upstream=upstream,
        certificate=certificate,
    )
    proxy = Proxy(
        f"https://127.0.0.1:{https_port}",
        f"http://127.0.0.1:{http_port}",
        https_port,
        folder,
        certificate,
    )
    command = [str(NGINX), "-p", str(folder), "-c", str(config)]
    check = subprocess.run(
        [*command, "-t", "-q"], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, f"nginx -t refused the shipped file:\n{check.stderr}"
    with proxy.output.open("w") as output:
        process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_port(process, proxy, https_port)
        yield proxy
    finally:
        # SIGQUIT: finish the requests in hand, then stop (nginx's graceful shutdown).
        process.send_signal(3)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_port(
    process: subprocess.Popen[bytes], proxy: Proxy, port: int, seconds: float = 10
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped:\n{proxy.logs()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen in {seconds} s:\n{proxy.logs()}")
