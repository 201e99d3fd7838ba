"""What every archive client shares: the User-Agent, endpoint URLs, the httpx client, the clock.

Builds every URL from one configurable base (``Settings.wayback_url``), so
``SOURCEBOX_WAYBACK_URL`` points all of them at a stand-in. Sends nothing itself;
must not read settings files or credentials.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import httpx

from sourcebox import __version__
from sourcebox.archive.errors import TransientError

PROJECT_URL = "https://github.com/sourcebox/sourcebox"
USER_AGENT = f"sourcebox/{__version__} (+{PROJECT_URL})"
DEFAULT_BASE = "https://web.archive.org"
#: A memento URL's path: ``/web/<14 digits>/<original URL>``.
MEMENTO_PATH = re.compile(r"/web/(\d{14})/(\S+)$")


class Clock(Protocol):
    """Wall time, a monotonic counter and sleep: tests pass a fake that never really sleeps."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block this thread for ``seconds``."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """``time.sleep()``, never negative."""
        if seconds > 0:
            time.sleep(seconds)


@dataclass(frozen=True)
class Endpoints:
    """Every Wayback URL sourcebox calls, from one base URL."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", self.base.rstrip("/") or DEFAULT_BASE)

    @property
    def save(self) -> str:
        """SPN2 submission (POST)."""
        return f"{self.base}/save"

    def save_v1(self, url: str) -> str:
        """SPN v1 (GET): the URL appended raw, spaces as %20, as waybackpy sends it."""
        return f"{self.base}/save/{url.strip().replace(' ', '%20')}"

    def status(self, job_id: str) -> str:
        """SPN2 job status (GET)."""
        return f"{self.base}/save/status/{job_id}"

    @property
    def user_status(self) -> str:
        """SPN2 user status (GET): sessions available, captures today."""
        return f"{self.base}/save/status/user"

    @property
    def cdx(self) -> str:
        """The CDX server."""
        return f"{self.base}/cdx/search/cdx"

    @property
    def available(self) -> str:
        """The availability API (archive.org/wayback/available in production)."""
        return f"{self.base}/wayback/available"

    def memento(self, timestamp: str, url: str) -> str:
        """The playback URL of one capture."""
        return f"{self.base}/web/{timestamp}/{url}"


def wayback_time(timestamp: str) -> datetime:
    """A 14-digit Wayback timestamp as an aware UTC datetime (ValueError if malformed)."""
    return datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def network_error(url: str, error: httpx.HTTPError) -> TransientError:
    """A transport failure as a TransientError; only a sent request may have landed."""
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        return TransientError(
            url, "unreachable", f"the Wayback Machine could not be reached ({error})", False
        )
    if isinstance(error, httpx.TimeoutException):
        return TransientError(url, "timeout", "the Wayback Machine did not answer in time")
    if isinstance(error, httpx.TooManyRedirects):
        return TransientError(url, "too-many-redirects", "the save answer kept redirecting")
    return TransientError(url, "network", f"the connection failed ({error})")


def make_http_client(timeout: float = 60.0, connect_timeout: float = 10.0) -> httpx.Client:
    """One persistent HTTP session with our User-Agent; the caller closes it."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)),
        follow_redirects=False,
    )
