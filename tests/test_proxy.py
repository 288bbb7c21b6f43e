"""The shipped nginx configuration, deploy/nginx.conf, in front of the app's gunicorn.

What it must do in production, shown on the real thing: slow clients cannot starve
gunicorn's sync workers, staff sign-in is rate-limited, text is compressed, the errors
nginx makes itself carry the app's security headers (and the app's own responses carry
them once), and nothing nginx logs names a client.
"""

from __future__ import annotations

import http.client
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import httpx
import pytest

from screener import create_app
from tests.conftest import app_settings
from tests.proxy import SERVER_NAME
from tests.proxy import Proxy
from tests.proxy import require_nginx
from tests.proxy import running_nginx
from tests.server import Server
from tests.server import free_port
from tests.server import running_server

pytestmark = [pytest.mark.processes, pytest.mark.one_engine]

#: Headers that describe one response rather than protect it; every other header the
#: app sends on its start page is a security header that nginx's own pages must match.
PER_RESPONSE_HEADERS = {
    "connection",
    "content-encoding",
    "content-length",
    "content-type",
    "date",
    "keep-alive",
    "server",
    "set-cookie",
    "transfer-encoding",
    "vary",
}
#: The sign-in limit in deploy/nginx.conf: one request at once plus a burst of 10.
SIGN_IN_BURST = 10
#: The resume-code limit in deploy/nginx.conf: one a minute plus a burst of 5.
RESUME_BURST = 5
#: The summary-PDF limit: 6 a minute plus a burst of 10.
PDF_BURST = 10


@dataclass
class Stack:
    proxy: Proxy
    app: Server
    #: What the app sends on GET / over HTTPS, less the per-response headers.
    security_headers: dict[str, str]

    def client(self) -> httpx.Client:
        """A client trusting the test certificate, as browsers trust the real one."""
        return httpx.Client(
            base_url=self.proxy.https_url,
            verify=self.proxy.certificate.client_context(),
            timeout=10,
        )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    require_nginx()
    folder = tmp_path_factory.mktemp("proxy")
    database_url = f"sqlite:///{folder / 'screener.sqlite3'}"
    # As README.md's "Running in production" tells operators to run it behind nginx.
    with (
        running_server(
            database_url,
            workers=2,
            SCREENER_PROXY_FIX_X_PROTO="1",
            SCREENER_PROXY_FIX_X_HOST="1",
        ) as app,
        running_nginx(folder / "nginx", app.url.removeprefix("http://")) as proxy,
    ):
        # Straight from gunicorn, saying (as nginx does) that the request came over
        # HTTPS, so the app adds HSTS as it does in production.
        direct = httpx.get(f"{app.url}/", headers={"X-Forwarded-Proto": "https"})
        assert direct.status_code == 200
        headers = {
            name: value
            for name, value in direct.headers.items()
            if name not in PER_RESPONSE_HEADERS
        }
        assert "content-security-policy" in headers
        assert "strict-transport-security" in headers
        yield Stack(proxy, app, headers)


def assert_security_headers(
    items: list[tuple[str, str]], expected: dict[str, str]
) -> None:
    """Each of the app's security headers exactly once, with the app's value."""
    for name, value in expected.items():
        found = [v for k, v in items if k.lower() == name]
        assert found == [value], f"{name}: {found}"


def raw_request(proxy: Proxy, request: bytes) -> http.client.HTTPResponse:
    """Send bytes no well-behaved client would send, over TLS, and read the answer."""
    context = proxy.certificate.client_context()
    connection = socket.create_connection(("127.0.0.1", proxy.https_port), timeout=10)
    tls = context.wrap_socket(connection, server_hostname="127.0.0.1")
    tls.sendall(request)
    response = http.client.HTTPResponse(tls)
    response.begin()
    response.read()
    tls.close()
    return response


# --- slow clients ---------------------------------------------------------------------


@dataclass
class Slowloris:
    """Sockets that each send part of a request and one more header line now and then,
    never the blank line that ends it: a worker that waits for it waits for ever."""

    port: int
    context: ssl.SSLContext | None
    count: int = 20
    interval: float = 2.0
    #: Seconds from the start of the attack at which the server closed each socket.
    closed_after: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sockets: list[socket.socket] = []
        for n in range(self.count):
            connection = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            if self.context is not None:
                connection = self.context.wrap_socket(connection)
            connection.sendall(f"GET /?slow={n} HTTP/1.1\r\nHost: x\r\n".encode())
            connection.settimeout(0.2)
            self.sockets.append(connection)
        self.started = time.monotonic()

    def run(self, seconds: float) -> None:
        """Keep every socket dribbling for `seconds`; note when the server hangs up."""
        deadline = self.started + seconds
        next_line = self.started + self.interval
        line = 0
        while self.sockets and time.monotonic() < deadline:
            wait = max(0.0, min(next_line, deadline) - time.monotonic())
            readable, _, _ = select.select(self.sockets, [], [], wait)
            for connection in readable:
                self._check_closed(connection)
            if time.monotonic() >= next_line:
                line += 1
                for connection in list(self.sockets):
                    try:
                        connection.sendall(f"X-Slow-{line}: {line}\r\n".encode())
                    except OSError:
                        self._closed(connection)
                next_line += self.interval

    def close(self) -> None:
        for connection in self.sockets:
            connection.close()

    def _check_closed(self, connection: socket.socket) -> None:
        try:
            connection.recv(4096)
        except (TimeoutError, ssl.SSLWantReadError):
            return  # a TLS record with no data in it (a session ticket): still open
        except OSError:
            pass  # reset: reset_timedout_connection
        # End of stream, a reset, or an answer: either way the request is over.
        self._closed(connection)

    def _closed(self, connection: socket.socket) -> None:
        self.closed_after.append(time.monotonic() - self.started)
        self.sockets.remove(connection)
        connection.close()


def probe_during(
    attack: Slowloris, seconds: float, probe: httpx.Client, url: str, timeout: float
) -> list[float | None]:
    """Run the attack for `seconds` and, meanwhile, time a new connection's GET each
    second (None: no answer within `timeout`)."""
    attacker = threading.Thread(target=attack.run, args=(seconds,))
    attacker.start()
    latencies: list[float | None] = []
    try:
        while time.monotonic() < attack.started + seconds - 1:
            started = time.monotonic()
            try:
                response = probe.get(
                    url, timeout=timeout, headers={"Connection": "close"}
                )
                answered = response.status_code == 200
            except httpx.TimeoutException:
                answered = False
            latency = time.monotonic() - started
            latencies.append(latency if answered else None)
            time.sleep(max(0.0, 1 - latency))
    finally:
        attacker.join()
        attack.close()
    return latencies


def wait_until_answering(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer again within {seconds} s")


def figures(latencies: list[float | None]) -> str:
    return ", ".join("none" if t is None else f"{t * 1000:.0f} ms" for t in latencies)


def test_slow_clients_tie_up_nginx_not_gunicorn(stack: Stack) -> None:
    unverified = ssl.create_default_context()
    unverified.check_hostname = False
    unverified.verify_mode = ssl.CERT_NONE

    # Through nginx: 20 slow sockets for 12 s, one header line each every 2 s.
    attack = Slowloris(stack.proxy.https_port, unverified)
    with stack.client() as probe:
        latencies = probe_during(attack, 12, probe, "/", timeout=5)
    print(f"\nthrough nginx, during the attack: {figures(latencies)}")
    closed = sorted(attack.closed_after)
    print(
        f"nginx closed {len(closed)} of {attack.count} slow sockets, "
        f"after {closed[0]:.2f} to {closed[-1]:.2f} s"
        if closed
        else "none closed"
    )
    assert len(latencies) >= 5
    assert all(t is not None and t < 1 for t in latencies), latencies
    # client_header_timeout (10 s) ended every slow request; dribbling did not reset it.
    assert len(attack.closed_after) == attack.count
    assert all(9 <= t <= 12 for t in attack.closed_after), attack.closed_after

    # The same attack on gunicorn alone, for 4 s: its two sync workers each wait on a
    # slow socket and nobody else is answered. This is what nginx is there to prevent.
    control = Slowloris(int(stack.app.url.rsplit(":", 1)[1]), None)
    with httpx.Client(base_url=stack.app.url) as probe:
        bare = probe_during(control, 4, probe, "/", timeout=1)
    print(f"straight to gunicorn, during the attack: {figures(bare)}")
    assert len(bare) >= 3
    assert bare.count(None) == len(bare), bare
    wait_until_answering(f"{stack.app.url}/healthz")


# --- sign-in rate limit ---------------------------------------------------------------


def test_sign_in_is_rate_limited_per_client(stack: Stack) -> None:
    form = {"username": "nobody", "password": "not the password"}
    with stack.client() as client:
        assert client.get("/staff/login").status_code == 200
        started = time.monotonic()
        statuses = [
            client.post("/staff/login", data=form).status_code for _ in range(20)
        ]
        # 10 a minute: one more try is allowed for every 6 s the 20 took.
        refilled = int((time.monotonic() - started) / 6)
        refused = client.post("/staff/login", data=form)
        code_page = client.post("/staff/login/code", data={"code": "123456"})
        # Only sign-in attempts count: the form itself still loads.
        form_page = client.get("/staff/login")
    print(f"\n20 sign-in POSTs answered: {statuses}")
    # The first request and the burst reach the app (which refuses them, CSRF token
    # missing); after that nginx answers 429 itself, for both sign-in forms.
    allowed = SIGN_IN_BURST + 1
    assert 429 not in statuses[:allowed], statuses
    assert statuses.count(429) >= 20 - allowed - refilled, statuses
    assert set(statuses) == {400, 429}, statuses
    assert refused.status_code == 429
    assert refused.headers["server"] == "nginx"
    assert "wait a minute" in refused.text
    assert_security_headers(refused.headers.multi_items(), stack.security_headers)
    assert code_page.status_code == 429
    assert form_page.status_code == 200


def test_resume_codes_are_rate_limited_per_client(stack: Stack) -> None:
    with stack.client() as client:
        assert client.get("/resume").status_code == 200
        statuses = [
            client.post("/resume", data={"code": "2345-6789-ABCD"}).status_code
            for _ in range(12)
        ]
        form_page = client.get("/resume")
    print(f"\n12 resume-code POSTs answered: {statuses}")
    # The first and a burst of 5 reach the app (which refuses them, CSRF token
    # missing); the rest nginx refuses itself, and the form still loads.
    allowed = RESUME_BURST + 1
    assert 429 not in statuses[:allowed], statuses
    assert statuses[allowed + 1 :] == [429] * (12 - allowed - 1), statuses
    assert form_page.status_code == 200


def test_summary_pdfs_are_rate_limited_per_client(stack: Stack) -> None:
    """Without answers each request is a cheap redirect, but the limit is nginx's, on
    the address, whatever the app answers."""
    with stack.client() as client:
        statuses = [client.get("/summary.pdf").status_code for _ in range(14)]
        preview = client.get("/summary/preview.pdf")
        page = client.get("/")
    allowed = PDF_BURST + 1
    assert 429 not in statuses[:allowed], statuses
    assert statuses[allowed + 1 :] == [429] * (14 - allowed - 1), statuses
    assert preview.status_code == 429  # one zone for both PDFs
    assert page.status_code == 200  # and for nothing else


# --- compression ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/static/css/app.css", "/static/js/app.js", "/static/favicon.svg"]
)
def test_text_is_compressed(stack: Stack, path: str) -> None:
    with stack.client() as client:
        compressed = client.get(path, headers={"Accept-Encoding": "gzip"})
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
    assert compressed.status_code == 200
    if len(plain.content) < 256:
        # gzip_min_length: not worth compressing; the favicon is this small today.
        assert "content-encoding" not in compressed.headers
        return
    assert compressed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["vary"]
    # Fewer bytes on the wire, which httpx unpacks to the same content.
    assert compressed.num_bytes_downloaded < len(plain.content) / 2
    assert compressed.content == plain.content
    assert "content-encoding" not in plain.headers


# --- security headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/no-such-page", 404), ("/static/css/app.css", 200)],
)
def test_app_responses_carry_each_security_header_once(
    stack: Stack, path: str, status: int
) -> None:
    with stack.client() as client:
        response = client.get(path)
    direct = httpx.get(f"{stack.app.url}{path}", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == direct.status_code == status
    # nginx neither drops nor changes the app's headers, nor adds a second copy (the
    # static file's Cache-Control is the app's no-cache, not nginx's no-store).
    app_sent = {name: direct.headers[name] for name in stack.security_headers}
    assert_security_headers(response.headers.multi_items(), app_sent)
    # HSTS comes from the app, which trusts nginx's X-Forwarded-Proto: https.
    assert response.headers["strict-transport-security"]
    assert response.headers["server"] == "nginx"  # server_tokens off: no version


def _too_long_address(client: httpx.Client) -> httpx.Response:
    # Over gunicorn's 4094-byte request line: nginx must refuse it first.
    return client.get("/" + "a" * 5_000)


def _too_large_header(client: httpx.Client) -> httpx.Response:
    return client.get("/", headers={"X-Large": "a" * 9_000})


def _too_large_body(client: httpx.Client) -> httpx.Response:
    return client.post("/start", content=b"a=" + b"b" * 100_000)


@pytest.mark.parametrize(
    ("make_error", "status"),
    [(_too_long_address, 414), (_too_large_header, 400), (_too_large_body, 413)],
)
def test_nginx_errors_carry_the_security_headers(
    stack: Stack, make_error: Callable[[httpx.Client], httpx.Response], status: int
) -> None:
    with stack.client() as client:
        response = make_error(client)
    assert response.status_code == status
    assert response.headers["server"] == "nginx"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert_security_headers(response.headers.multi_items(), stack.security_headers)


def test_gunicorn_errors_get_the_security_headers(stack: Stack) -> None:
    # Over 100 headers is within nginx's limits, but gunicorn refuses it with a page of
    # its own before the app sees it: nginx adds the headers gunicorn left out.
    headers = {f"X-Header-{n}": "x" for n in range(120)}
    with stack.client() as client:
        response = client.get("/", headers=headers)
    assert response.status_code == 431
    assert "<h1><p>Request Header Fields Too Large</p></h1>" in response.text
    assert_security_headers(response.headers.multi_items(), stack.security_headers)


def test_unreadable_request_gets_headers_too(stack: Stack) -> None:
    # HTTP/1.1 without a Host header: nginx refuses it before choosing a location.
    response = raw_request(stack.proxy, b"GET / HTTP/1.1\r\n\r\n")
    assert response.status == 400
    assert_security_headers(response.getheaders(), stack.security_headers)


def test_gunicorn_down_gives_502_with_headers_and_no_address_logged(
    stack: Stack, tmp_path: Path
) -> None:
    # A second nginx whose upstream port has nothing listening: gunicorn is down.
    with running_nginx(tmp_path, f"127.0.0.1:{free_port()}") as proxy:
        response = httpx.get(
            f"{proxy.https_url}/start", verify=proxy.certificate.client_context()
        )
        logs = proxy.logs()
    assert response.status_code == 502
    assert "try again in a few minutes" in response.text
    assert_security_headers(response.headers.multi_items(), stack.security_headers)
    # nginx's own message for this names the client; the shipped error_log level
    # keeps it out, and the access log records the 502 without the address.
    assert "127.0.0.1" not in logs
    assert "GET /_proxy_error 502" in logs


# --- the redirect to HTTPS ------------------------------------------------------------


def test_plain_http_is_sent_to_https(stack: Stack) -> None:
    response = httpx.get(f"{stack.proxy.http_url}/staff/login?next=/staff/")
    assert response.status_code == 301
    location = f"https://{SERVER_NAME}/staff/login?next=/staff/"
    assert response.headers["location"] == location


# --- logs -----------------------------------------------------------------------------


def test_logs_name_no_client_and_no_reference(stack: Stack) -> None:
    # Every route that takes part of its address as a value (a page id, a reference
    # code, a user name), with a value that must not reach the log.
    app = create_app(app_settings(DATABASE_URL="sqlite://"))
    routes = {
        rule.rule: re.sub(r"<[^>]+>", f"secret{n}value", rule.rule)
        for n, rule in enumerate(app.url_map.iter_rules())
        if rule.arguments and rule.endpoint != "static"
    }
    assert "/staff/submissions/<reference>" in routes
    with stack.client() as client:
        for path in routes.values():
            client.get(path)
        client.get("/no-such-page?name=Jane+Doe")
        _too_long_address(client)
    raw_request(stack.proxy, b"GET / HTTP/1.1\r\n\r\n")
    access = stack.proxy.access_log.read_text()
    logs = stack.proxy.logs()
    print(f"\nnginx access log, last lines:\n{''.join(access.splitlines(True)[-5:])}")
    # Whatever this module sent (slow sockets, rate-limited sign-ins, refused
    # requests), no client address was written down, nor a query string or a value
    # from an address.
    assert "127.0.0.1" not in logs
    assert "Jane" not in logs
    assert "?" not in access
    assert "secret" not in logs
    for pattern in routes:
        assert f"GET {pattern} " in access, pattern
    line = re.compile(r"^GET / 200 \d+ \d+\.\d{3} upstream=200/\d+\.\d{3}$", re.M)
    assert line.search(access), access
