"""Checking cited links: is each URL still there? Network only; stores nothing.

Each URL gets a HEAD request, then a GET when the server refuses HEAD (405, 501,
or 403 from servers that only mind HEAD). Redirects are followed; a final URL
other than the one asked for is reported as ``redirected``. 4xx and 5xx answers
are ``dead`` with their status; time-outs and connection failures
``unreachable``. A few URLs are checked at a time, never two on one host at once.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from sourcebox.archive.transport import USER_AGENT

#: Link states, as stored in the library.
STATES = ("ok", "redirected", "dead", "unreachable")
_RETRY_WITH_GET = {403, 405, 501}


@dataclass(frozen=True)
class LinkResult:
    """What checking one URL found."""

    url: str
    status: str
    http_status: int | None = None
    final_url: str = ""
    error: str = ""
    checked_at: datetime | None = None


class LinkChecker:
    """Checks URLs a few at a time, one at a time per host, with time-outs."""

    def __init__(self, *, timeout: float = 15.0, workers: int = 4, max_redirects: int = 10) -> None:
        self.timeout = timeout
        self.workers = workers
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=max_redirects,
        )
        self._host_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._locks_guard = threading.Lock()

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def __enter__(self) -> LinkChecker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def check_all(
        self, urls: Iterable[str], progress: Callable[[LinkResult], None] | None = None
    ) -> list[LinkResult]:
        """Check every URL (in parallel, politely); results in the order given."""
        ordered = list(dict.fromkeys(urls))
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            results = []
            for result in pool.map(self._check_locked, ordered):
                if progress is not None:
                    progress(result)
                results.append(result)
        return results

    def _check_locked(self, url: str) -> LinkResult:
        host = (urlsplit(url).hostname or "").lower()
        with self._locks_guard:
            lock = self._host_locks[host]
        with lock:
            return self.check(url)

    def check(self, url: str) -> LinkResult:
        """Check one URL now."""
        now = datetime.now(UTC)
        try:
            response = self._client.head(url)
            if response.status_code in _RETRY_WITH_GET:
                with self._client.stream("GET", url) as streamed:
                    response = streamed
        except httpx.TooManyRedirects:
            return LinkResult(url, "dead", None, "", "too many redirects", now)
        except httpx.TimeoutException:
            return LinkResult(url, "unreachable", None, "", f"no answer in {self.timeout:g} s", now)
        except httpx.HTTPError as error:
            return LinkResult(url, "unreachable", None, "", _reason(error), now)
        final = str(response.url)
        code = response.status_code
        if code >= 400:
            return LinkResult(url, "dead", code, final if final != url else "", "", now)
        if final != url:
            return LinkResult(url, "redirected", code, final, "", now)
        return LinkResult(url, "ok", code, "", "", now)


def _reason(error: httpx.HTTPError) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:200]
