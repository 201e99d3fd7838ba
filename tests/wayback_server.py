"""A loopback Wayback Machine (and a cited web site) on 127.0.0.1, for tests and benchmarks.

Speaks the shapes of /work/shared/docs/wayback-protocol.md over real HTTP: SPN v1
``GET /save/<url>``, SPN2 ``POST /save`` with ``/save/status/<job_id>`` and
``/save/status/user``, CDX ``/cdx/search/cdx``, availability ``/wayback/available`` and
playback ``/web/<14 digits>/<url>``. Keeps captures per URL, a request log with counts
per endpoint, and injected faults. Test code only: sourcebox never imports it, and it
never leaves the machine.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote_plus, urlsplit

SAVE_ENDPOINTS = frozenset({"save_v1", "save_spn2"})
V1_FORMS = ("final_url", "location", "content_location", "link", "none")
FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
BLOCKED_SITE = (
    "org.archive.util.io.RuntimeIOException: "
    "org.archive.wayback.exception.AdministrativeAccessControlException: Blocked Site Error"
)
# What SPN v1 puts in X-Archive-Wayback-Runtime-Error for a status_ext (savepagenow, ArchiveBox).
V1_RUNTIME_ERRORS = {
    "error:blocked-url": "AdministrativeAccessControlException: Blocked Site Error",
    "error:blocked": "RobotAccessControlException: Blocked By Robots",
    "error:not-found": "LiveDocumentNotAvailableException: Not Found",
    "error:invalid-host-resolution": "LiveWebCacheUnavailableException: Name or service not known",
}
REASONS = {520: "UNKNOWN", 523: "Origin Is Unreachable", 509: "Bandwidth Limit Exceeded"}


def stamp(moment: datetime) -> str:
    """A datetime as a 14-digit Wayback timestamp (UTC)."""
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def url_key(url: str) -> str:
    """A SURT-like key: http and https, www. and case of host all match, as in CDX."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    rest = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return ",".join(reversed(host.split("."))) + port + ")" + rest.lower()


@dataclass
class Capture:
    """One capture in the index."""

    url: str
    timestamp: datetime
    status: int = 200
    mimetype: str = "text/html"
    hidden_lookups: int = 0  # CDX lookups that still miss it (index lag)
    playback_ready: bool = True  # False: playback of this timestamp redirects to an older one
    job_id: str = ""
    indexed: bool = True  # False while its SPN2 job is still pending

    @property
    def ts(self) -> str:
        return stamp(self.timestamp)

    def row(self) -> list[str]:
        digest = base64.b32encode(hashlib.sha1(f"{self.url}{self.ts}".encode()).digest()).decode()
        return [
            url_key(self.url),
            self.ts,
            self.url,
            self.mimetype,
            str(self.status),
            digest,
            "1415",
        ]


@dataclass
class Fault:
    """An injected fault; ``url`` None means every URL; ``times`` None means forever."""

    url: str | None
    endpoints: frozenset[str]
    status: int | None = None
    status_ext: str = ""
    message: str = ""
    body: str = ""
    delay: float = 0.0
    lands: bool = False
    at: str = "status"  # where an SPN2 status_ext shows up: "submit" or "status"
    times: int | None = None


@dataclass
class Job:
    """An SPN2 job."""

    job_id: str
    url: str
    pending_polls: int
    capture: Capture | None = None
    error: Fault | None = None
    polls: int = 0

    @property
    def processing(self) -> bool:
        return self.polls < self.pending_polls


@dataclass
class LoggedRequest:
    """One request as the server saw it."""

    endpoint: str
    method: str
    path: str
    target: str
    params: dict[str, list[str]]
    headers: dict[str, str]
    started: float
    finished: float = 0.0
    status: int = 0


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None


def _json(data: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json"})


def _text(text: str, status: int = 200, kind: str = "text/plain") -> Reply:
    return Reply(status, text.encode(), {"Content-Type": f"{kind}; charset=utf-8"})


def _parse_window(value: str) -> timedelta | None:
    """``if_not_archived_within``: seconds, or "3d 5h 20m" (first part before a comma)."""
    value = value.split(",")[0].strip()
    if not value:
        return None
    if value.isdigit():
        return timedelta(seconds=int(value))
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    parts = re.findall(r"(\d+)\s*([dhms])", value)
    return timedelta(seconds=sum(int(n) * units[u] for n, u in parts)) if parts else None


class WaybackServer:
    """The Wayback Machine on loopback; use as a context manager or start()/stop()."""

    def __init__(
        self,
        *,
        keys: tuple[str, str] = ("test-access", "test-secret"),
        now: Callable[[], datetime] | None = None,
        dedup_window: timedelta = timedelta(hours=1),
        pending_polls: int = 1,
        daily_limit: int = 100_000,
        sessions: int = 3,
        v1_form: str = "final_url",
        index_delay: int = 0,
        latency: float = 0.0,
    ) -> None:
        self.keys = keys
        self.now = now or (lambda: datetime.now(UTC))
        self.dedup_window = dedup_window
        self.pending_polls = pending_polls
        self.daily_limit = daily_limit
        self.daily_captures = 0
        self.sessions = sessions
        self.v1_form = v1_form
        self.v1_forms: dict[str, str] = {}
        self.index_delay = index_delay
        self.latency = latency
        self.excluded: set[str] = set()
        self.lock = threading.RLock()
        self.stopping = threading.Event()
        self._captures: dict[str, list[Capture]] = {}
        self._jobs: dict[str, Job] = {}
        self._faults: list[Fault] = []
        self._log: list[LoggedRequest] = []
        self._serial = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    # -- life cycle -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> WaybackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> WaybackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- set-up ------------------------------------------------------------------------
    def seed(self, url: str, when: datetime | timedelta, status: int = 200) -> Capture:
        """Record that ``url`` was archived at ``when`` (a datetime, or that long ago)."""
        moment = self.now() - when if isinstance(when, timedelta) else when
        capture = Capture(url, moment.replace(microsecond=0), status=status)
        with self.lock:
            self._captures.setdefault(url_key(url), []).append(capture)
        return capture

    def fail(
        self,
        url: str | None = None,
        *,
        status: int | None = None,
        status_ext: str = "",
        message: str = "",
        body: str = "",
        delay: float = 0.0,
        lands: bool = False,
        at: str = "status",
        times: int | None = None,
        endpoints: Iterable[str] = SAVE_ENDPOINTS,
    ) -> Fault:
        """Inject a fault for ``url`` (or every URL) on ``endpoints``."""
        fault = Fault(
            url_key(url) if url else None,
            frozenset(endpoints),
            status,
            status_ext,
            message,
            body,
            delay,
            lands,
            at,
            times,
        )
        with self.lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self.lock:
            self._faults.clear()

    # -- inspection --------------------------------------------------------------------
    def captures(self, url: str) -> list[Capture]:
        with self.lock:
            return list(self._captures.get(url_key(url), []))

    def requests(self, endpoint: str | None = None, url: str | None = None) -> list[LoggedRequest]:
        key = url_key(url) if url else None
        with self.lock:
            return [
                r
                for r in self._log
                if (endpoint is None or r.endpoint == endpoint)
                and (key is None or (r.target and url_key(r.target) == key))
            ]

    def count(self, endpoint: str, url: str | None = None) -> int:
        return len(self.requests(endpoint, url))

    @property
    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(r.endpoint for r in self._log)

    def saves(self, url: str | None = None) -> int:
        """Save requests (v1 and SPN2 submissions) for ``url`` or for all."""
        return sum(self.count(endpoint, url) for endpoint in SAVE_ENDPOINTS)

    def job(self, job_id: str) -> Job | None:
        with self.lock:
            return self._jobs.get(job_id)

    # -- internals used by the handler -------------------------------------------------
    def log(self, entry: LoggedRequest) -> None:
        with self.lock:
            self._log.append(entry)

    def take_fault(self, endpoint: str, target: str) -> Fault | None:
        key = url_key(target) if target else None
        with self.lock:
            for fault in self._faults:
                if endpoint not in fault.endpoints or fault.times == 0:
                    continue
                if fault.url is not None and fault.url != key:
                    continue
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None

    def wait(self, seconds: float) -> None:
        if seconds > 0:
            self.stopping.wait(seconds)

    def new_capture(self, url: str, *, job_id: str = "", ready: bool = True) -> Capture:
        with self.lock:
            capture = Capture(
                url,
                self.now().replace(microsecond=0),
                hidden_lookups=self.index_delay,
                playback_ready=ready,
                job_id=job_id,
                indexed=not job_id,
            )
            self._captures.setdefault(url_key(url), []).append(capture)
            self.daily_captures += 1
            return capture

    def newest(self, url: str, within: timedelta | None = None) -> Capture | None:
        with self.lock:
            rows = [c for c in self._captures.get(url_key(url), []) if c.status == 200]
        if within is not None:
            rows = [c for c in rows if c.timestamp >= self.now() - within]
        return max(rows, key=lambda c: c.timestamp) if rows else None

    def new_job(self, url: str, **kwargs: Any) -> Job:
        with self.lock:
            self._serial += 1
            digest = hashlib.sha1(f"{url}#{self._serial}".encode()).hexdigest()
            job = Job(f"spn2-{digest}", url, self.pending_polls, **kwargs)
            self._jobs[job.job_id] = job
            return job

    def processing(self) -> int:
        with self.lock:
            return sum(1 for j in self._jobs.values() if j.processing)

    def authorised(self, header: str) -> bool:
        return header == f"LOW {self.keys[0]}:{self.keys[1]}"


def _make_handler(server: WaybackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the request log is kept in ``server``."""

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            entry = LoggedRequest(
                endpoint="",
                method=method,
                path=self.path,
                target="",
                params={},
                headers={k.lower(): v for k, v in self.headers.items()},
                started=time.monotonic(),
            )
            server.log(entry)  # logged on arrival: a client that timed out still sent it
            reply = dispatch(server, entry, body)
            entry.finished = time.monotonic()
            entry.status = reply.status
            try:
                self.send_response(reply.status, reply.reason)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if method != "HEAD":
                    self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out first
                self.close_connection = True

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_HEAD(self) -> None:
            self._serve("HEAD")

    return Handler


# -- endpoints ---------------------------------------------------------------------------
def dispatch(server: WaybackServer, entry: LoggedRequest, body: str) -> Reply:
    """Route one request; fills in ``entry.endpoint``, ``target`` and ``params``."""
    parts = urlsplit(entry.path)
    path, query = parts.path, parse_qs(parts.query, keep_blank_values=True)
    entry.endpoint = "unknown"
    if entry.method == "POST":
        form = parse_qs(body, keep_blank_values=True)
        if path in ("/save", "/save/"):
            return _spn2_submit(server, entry, form)
        if path == "/save/status":
            return _status(server, entry, form.get("job_id", [""])[0])
    elif path.startswith("/save/status/user"):
        return _status_user(server, entry)
    elif path == "/save/status/system":
        entry.endpoint = "status_system"
        return _json({"status": "ok"})
    elif path.startswith("/save/status/"):
        return _status(server, entry, path.removeprefix("/save/status/"))
    elif path.startswith("/save/"):
        return _save_v1(server, entry, entry.path.removeprefix("/save/"))
    elif path == "/cdx/search/cdx":
        return _cdx(server, entry, query)
    elif path == "/wayback/available":
        return _available(server, entry, query)
    elif path.startswith("/web/"):
        return _playback(server, entry, entry.path.removeprefix("/web/"))
    return _text("Not Found", 404)


def _fault_status(fault: Fault) -> Reply:
    status = fault.status or 500
    reason = REASONS.get(status)
    if status == 429:  # like the real service: no Retry-After
        text = fault.body or "<html><head><title>429 Too Many Requests</title></head></html>"
    else:
        text = fault.body or f"<html><body>{status} {reason or 'Error'}</body></html>"
    reply = _text(text, status, "text/html")
    reply.reason = reason
    return reply


def _apply_fault(
    server: WaybackServer, endpoint: str, target: str
) -> tuple[Fault | None, Reply | None]:
    """Wait the latency; land the capture if asked, wait, answer the fault's HTTP status."""
    server.wait(server.latency)
    fault = server.take_fault(endpoint, target)
    if fault is None:
        return None, None
    if fault.lands:
        server.new_capture(target)
    server.wait(fault.delay)
    return fault, (_fault_status(fault) if fault.status else None)


def _error_message(status_ext: str, url: str) -> str:
    return {
        "error:not-found": f"The server cannot find the requested resource {url}.",
        "error:blocked-url": "This URL is in the Save Page Now service block list.",
        "error:invalid-host-resolution": f"Couldn't resolve host for {url}.",
        "error:too-many-daily-captures": "You cannot make more than 100000 captures per day.",
    }.get(status_ext, f"Capture failed ({status_ext}).")


def _http_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def _link_header(server: WaybackServer, capture: Capture) -> str:
    base = server.base_url
    older = sorted(
        (c for c in server.captures(capture.url) if c.timestamp < capture.timestamp),
        key=lambda c: c.timestamp,
    )
    entries = [
        f'<{capture.url}>; rel="original"',
        f'<{base}/web/timemap/link/{capture.url}>; rel="timemap"; type="application/link-format"',
        f'<{base}/web/{capture.url}>; rel="timegate"',
    ]
    for rel, item in (
        ("first memento", older[0] if older else None),
        ("prev memento", older[-1] if older else None),
    ):
        if item is not None:
            when = _http_date(item.timestamp)
            entries.append(f'<{base}/web/{item.ts}/{item.url}>; rel="{rel}"; datetime="{when}"')
    for rel in ("memento", "last memento"):
        memento = f"{base}/web/{capture.ts}/{capture.url}"
        entries.append(f'<{memento}>; rel="{rel}"; datetime="{_http_date(capture.timestamp)}"')
    return ", ".join(entries)


def _save_v1(server: WaybackServer, entry: LoggedRequest, raw: str) -> Reply:
    entry.endpoint, entry.target = "save_v1", raw
    fault, reply = _apply_fault(server, "save_v1", raw)
    if reply is not None:
        return reply
    if fault is not None and fault.status_ext:
        page = _text("<html><title>Wayback Machine</title>Sorry.</html>", 200, "text/html")
        page.headers["X-Archive-Wayback-Runtime-Error"] = V1_RUNTIME_ERRORS.get(
            fault.status_ext, f"RuntimeException: {fault.status_ext}"
        )
        return page
    existing = server.newest(raw, within=server.dedup_window)
    if existing is None and server.daily_captures >= server.daily_limit:
        text = "You have reached your daily not-logged-in captures limit of 200 webpages."
        return _text(f"<html>{text}</html>", 429, "text/html")
    form = server.v1_forms.get(url_key(raw), server.v1_form)
    capture = existing or server.new_capture(raw, ready=form != "location")
    memento = f"/web/{capture.ts}/{capture.url}"
    headers = {"X-Page-Cache": "HIT" if existing else "MISS"}
    if form in ("final_url", "location"):
        return Reply(302, b"", {**headers, "Location": server.base_url + memento})
    page = _text("<html><title>Wayback Machine</title>Saved.</html>", 200, "text/html")
    page.headers.update(headers)
    if form == "content_location":
        page.headers.update({"Content-Location": memento, "X-Location": "save-sync"})
    elif form == "link":
        page.headers["Link"] = _link_header(server, capture)
    return page


def _spn2_submit(server: WaybackServer, entry: LoggedRequest, form: dict[str, list[str]]) -> Reply:
    url = form.get("url", [""])[0]
    entry.endpoint, entry.target, entry.params = "save_spn2", url, form
    if not server.authorised(entry.headers.get("authorization", "")):
        return _json({"message": "You need to be logged in to use Save Page Now."}, 401)
    if not url:
        return _text("400 Bad Request", 400)
    fault, reply = _apply_fault(server, "save_spn2", url)
    if reply is not None:
        return reply
    if fault is not None and fault.status_ext and fault.at == "submit":
        message = fault.message or _error_message(fault.status_ext, url)
        return _json({"status": "error", "status_ext": fault.status_ext, "message": message})
    window = _parse_window(form.get("if_not_archived_within", [""])[0]) or timedelta(0)
    existing = server.newest(url, within=max(window, server.dedup_window))
    if existing is not None:
        job = server.job(existing.job_id) if existing.job_id else None
        if job is None:
            job = server.new_job(url, capture=existing)
            job.pending_polls = 0
            existing.job_id = job.job_id
        minutes = int((server.now() - existing.timestamp).total_seconds() // 60)
        message = (
            f"The same snapshot had been made {minutes} minutes ago. "
            "You can make new capture of this URL after 1 hour."
        )
        return _json({"url": url, "job_id": job.job_id, "message": message})
    if server.daily_captures >= server.daily_limit:
        ext = "error:too-many-daily-captures"
        message = f"You cannot make more than {server.daily_limit} captures per day."
        return _json({"status": "error", "status_ext": ext, "message": message})
    if server.processing() >= server.sessions:
        message = "You have already reached the limit of active Save Page Now sessions."
        return _json(
            {"status": "error", "status_ext": "error:user-session-limit", "message": message}
        )
    job = server.new_job(url, error=fault if fault is not None and fault.status_ext else None)
    if job.error is None:
        job.capture = server.new_capture(url, job_id=job.job_id)
    return _json({"url": url, "job_id": job.job_id})


def _status(server: WaybackServer, entry: LoggedRequest, job_id: str) -> Reply:
    entry.endpoint = "status"
    entry.params = {"job_id": [job_id]}
    job = server.job(job_id)
    if job is None:
        return _json({"status": "error", "job_id": job_id, "message": "Job not found or expired."})
    entry.target = job.url
    _, reply = _apply_fault(server, "status", job.url)
    if reply is not None:
        return reply
    with server.lock:
        job.polls += 1
        pending = job.polls <= job.pending_polls
    if pending:
        return _json({"status": "pending", "job_id": job_id, "resources": []})
    if job.error is not None:
        ext = job.error.status_ext
        message = job.error.message or _error_message(ext, job.url)
        return _json(
            {
                "status": "error",
                "exception": message,
                "status_ext": ext,
                "job_id": job_id,
                "message": message,
                "resources": [],
            }
        )
    assert job.capture is not None
    job.capture.indexed = True
    return _json(
        {
            "status": "success",
            "job_id": job_id,
            "original_url": job.capture.url,
            "timestamp": job.capture.ts,
            "duration_sec": 6.203,
            "resources": [job.capture.url],
            "http_status": 200,
            "counters": {"outlinks": 0, "embeds": 0},
        }
    )


def _status_user(server: WaybackServer, entry: LoggedRequest) -> Reply:
    entry.endpoint = "status_user"
    _, reply = _apply_fault(server, "status_user", "")
    if reply is not None:
        return reply
    if not server.authorised(entry.headers.get("authorization", "")):
        return _json({"message": "You need to be logged in to use Save Page Now."}, 401)
    processing = server.processing()
    return _json(
        {
            "available": max(0, server.sessions - processing),
            "processing": processing,
            "daily_captures": server.daily_captures,
            "daily_captures_limit": server.daily_limit,
        }
    )


def _visible(server: WaybackServer, url: str, prefix: bool = False) -> list[Capture]:
    """The captures CDX shows for ``url``; each lookup brings lagging ones one step closer."""
    key = url_key(url)
    with server.lock:
        found: list[Capture] = []
        for row_key, captures in server._captures.items():
            if row_key == key or (prefix and row_key.startswith(key)):
                found.extend(captures)
        found = [c for c in found if c.indexed]
        shown = [c for c in found if c.hidden_lookups == 0]
        for capture in found:
            capture.hidden_lookups = max(0, capture.hidden_lookups - 1)
    return sorted(shown, key=lambda c: c.timestamp)


def _cdx(server: WaybackServer, entry: LoggedRequest, query: dict[str, list[str]]) -> Reply:
    url = query.get("url", [""])[0]
    entry.endpoint, entry.target, entry.params = "cdx", url, query
    _, reply = _apply_fault(server, "cdx", url)
    if reply is not None:
        return reply
    if url_key(url) in {url_key(u) for u in server.excluded}:
        return _text(BLOCKED_SITE, 403)
    one = {name: values[-1] for name, values in query.items()}
    rows = _visible(server, url, prefix=one.get("matchType") == "prefix")
    for flt in query.get("filter", []):
        negate, _, rest = flt.partition("!") if flt.startswith("!") else ("", "", flt)
        name, _, pattern = rest.partition(":")
        index = FIELDS.index(name)
        rows = [r for r in rows if bool(re.fullmatch(pattern, r.row()[index])) != bool(negate)]
    rows = [r for r in rows if r.ts >= one.get("from", "").ljust(14, "0")]
    rows = [r for r in rows if r.ts <= one.get("to", "").ljust(14, "9")]
    if one.get("sort") == "reverse":
        rows.reverse()
    elif one.get("sort") == "closest" and one.get("closest"):
        target = int(one["closest"].ljust(14, "0"))
        rows.sort(key=lambda r: abs(int(r.ts) - target))
    start = int(one.get("offset") or 0)
    if one.get("resumeKey"):  # the key names the last row already sent
        keys = [quote_plus(f"{r.row()[0]} {r.ts}!") for r in rows]
        start = keys.index(one["resumeKey"]) + 1 if one["resumeKey"] in keys else len(rows)
    limit = int(one.get("limit") or 0)
    window = rows[start:]
    if limit < 0:
        window = window[limit:]
    elif limit > 0:
        window = window[:limit]
    more = limit > 0 and start + limit < len(rows) and one.get("showResumeKey") == "true"
    resume = quote_plus(f"{window[-1].row()[0]} {window[-1].ts}!") if more else ""
    fields = one.get("fl", "").split(",") if one.get("fl") else list(FIELDS)
    table = [[r.row()[FIELDS.index(f)] for f in fields] for r in window]
    if one.get("output") == "json":
        data: list[list[str]] = [fields, *table] if table else []
        if more:
            data += [[], [resume]]
        return _json(data)
    text = "".join(" ".join(line) + "\n" for line in table)
    if more:
        text += f"\n{resume}\n"
    return _text(text)


def _available(server: WaybackServer, entry: LoggedRequest, query: dict[str, list[str]]) -> Reply:
    url = query.get("url", [""])[0]
    entry.endpoint, entry.target, entry.params = "available", url, query
    _, reply = _apply_fault(server, "available", url)
    if reply is not None:
        return reply
    wanted = query.get("timestamp", [""])[0]
    rows = [c for c in _visible(server, url) if c.status == 200]
    data: dict[str, Any] = {"url": url, "archived_snapshots": {}}
    if wanted:
        data["timestamp"] = wanted
        target = int(wanted.ljust(14, "0"))
        rows.sort(key=lambda c: abs(int(c.ts) - target))
    else:
        rows.reverse()
    if rows:
        best = rows[0]
        data["archived_snapshots"]["closest"] = {
            "status": "200",
            "available": True,
            "url": f"{server.base_url}/web/{best.ts}/{best.url}",
            "timestamp": best.ts,
        }
    return _json(data)


def _playback(server: WaybackServer, entry: LoggedRequest, rest: str) -> Reply:
    match = re.match(r"(\d{1,14})[a-z_]*/(.+)", rest)
    entry.endpoint = "playback"
    if match is None:
        return _text("Not Found", 404)
    ts, url = match.groups()
    entry.target = url
    _, reply = _apply_fault(server, "playback", url)
    if reply is not None:
        return reply
    ready = [c for c in server.captures(url) if c.playback_ready and c.indexed]
    exact = [c for c in ready if c.ts == ts]
    if exact:
        page = _text(f"<html>Archived copy of {url}</html>", 200, "text/html")
        page.headers["Memento-Datetime"] = _http_date(exact[0].timestamp)
        page.headers["Link"] = _link_header(server, exact[0])
        return page
    if not ready:
        return _text("<html>Wayback Machine has not archived that URL.</html>", 404, "text/html")
    target = int(ts.ljust(14, "0"))
    closest = min(ready, key=lambda c: abs(int(c.ts) - target))
    return Reply(302, b"", {"Location": f"{server.base_url}/web/{closest.ts}/{closest.url}"})
