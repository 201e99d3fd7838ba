"""Pytest fixtures for archive tests: the loopback Wayback Machine, a cited web site, a fake clock.

Import it as the top-level module ``wayback_fixtures``, not ``tests.wayback_fixtures``:
waybackpy 3.0.6 installs its own top-level ``tests`` package into site-packages, which
shadows this folder (it has no __init__.py). Under pytest the tests folder is on
``sys.path`` already; a folder's conftest.py registers the fixtures by assignment
(see tests/integration/archive/conftest.py)::

    import wayback_fixtures

    clock = wayback_fixtures.clock
    wayback = wayback_fixtures.wayback
    website = wayback_fixtures.website

Test code only; nothing here touches the internet.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from wayback_server import WaybackServer


class FakeClock:
    """A clock that only moves when told to or when someone sleeps; records every sleep."""

    def __init__(self, start: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._start = start or datetime.now(UTC).replace(microsecond=0)
        self._elapsed = 0.0
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        with self._lock:
            return self._start + timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        with self._lock:
            return self._elapsed

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._elapsed += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._elapsed += seconds

    @property
    def slept(self) -> float:
        return sum(self.sleeps)


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    head_status: int | None = None  # None: HEAD answers like GET


class CitedSite:
    """The cited web site: 200, 301 -> 200, 404, 410, slow, and HEAD refused but GET fine."""

    def __init__(self, slow_seconds: float = 1.0) -> None:
        self.routes: dict[str, Route] = {
            "/ok": Route(),
            "/moved": Route(301, {"Location": "/ok"}),
            "/not-found": Route(404),
            "/gone": Route(410),
            "/slow": Route(delay=slow_seconds),
            "/no-head": Route(head_status=405),
        }
        self.log: list[tuple[str, str]] = []
        self._stopping = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

            def _serve(self, method: str) -> None:
                site.log.append((method, self.path))
                route = site.routes.get(self.path.split("?")[0], Route(404))
                site._stopping.wait(route.delay)
                status = route.status
                if method == "HEAD" and route.head_status is not None:
                    status = route.head_status
                body = f"<html>{status} {self.path}</html>".encode()
                try:
                    self.send_response(status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if method != "HEAD":
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def do_GET(self) -> None:
                self._serve("GET")

            def do_HEAD(self) -> None:
                self._serve("HEAD")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> CitedSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wayback(clock: FakeClock) -> Iterator[WaybackServer]:
    """A loopback Wayback Machine whose "now" is the test's fake clock."""
    server = WaybackServer(now=clock.now).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def website() -> Iterator[CitedSite]:
    site = CitedSite().start()
    try:
        yield site
    finally:
        site.stop()


def wait_until(predicate: Any, timeout: float = 2.0) -> bool:
    """Poll ``predicate`` (real time) for thread tests; True once it holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return bool(predicate())
