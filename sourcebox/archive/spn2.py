"""Save Page Now 2: authenticated submission, status polling with back-off, user status.

Errors are read from the JSON even under HTTP 200. Must not pace saves (the rate
limiter does), look in the CDX index (the archiver does) or persist anything (the
caller persists the job id through a hook before polling starts).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from sourcebox.archive.credentials import Credentials
from sourcebox.archive.errors import (
    AuthError,
    TransientError,
    from_http,
    from_message,
    from_spn2,
)
from sourcebox.archive.transport import (
    Clock,
    Endpoints,
    SystemClock,
    network_error,
    wayback_time,
)


@dataclass(frozen=True)
class Submission:
    """A submitted capture: the job to poll; ``message`` is set on a de-duplicated submission."""

    url: str
    job_id: str
    message: str = ""

    @property
    def deduplicated(self) -> bool:
        """True when SPN answered with the job of a recent capture instead of a new one."""
        return "same snapshot" in self.message.lower()


@dataclass(frozen=True)
class JobStatus:
    """A job that is ``pending`` or a ``success`` (errors are raised, not returned)."""

    job_id: str
    status: str
    original_url: str = ""
    timestamp: datetime | None = None
    archive_url: str = ""


@dataclass(frozen=True)
class UserStatus:
    """What ``/save/status/user`` says about this account."""

    available: int
    processing: int
    daily_captures: int
    daily_captures_limit: int


@dataclass(frozen=True)
class PollPolicy:
    """Back-off between status polls, and when to stop waiting (the job may still finish)."""

    first: float = 5.0
    factor: float = 1.5
    longest: float = 10.0
    give_up_after: float = 180.0

    def delays(self) -> Iterator[float]:
        """Waits before each poll; their sum stays within ``give_up_after``."""
        delay, total = self.first, 0.0
        while total + delay <= self.give_up_after:
            yield delay
            total += delay
            delay = min(self.longest, delay * self.factor)


def format_window(window: timedelta) -> str:
    """``if_not_archived_within`` as SPN2 reads it: "30d", "3d 5h 20m", or whole seconds."""
    seconds = max(0, int(window.total_seconds()))
    if seconds == 0 or seconds % 60:
        return str(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (rest // 60, "m")) if n]
    return " ".join(parts)


class Spn2Client:
    """One account's SPN2 calls over a shared httpx client."""

    def __init__(
        self,
        endpoints: Endpoints,
        credentials: Credentials,
        http: httpx.Client,
        clock: Clock | None = None,
        poll: PollPolicy | None = None,
    ) -> None:
        self.endpoints = endpoints
        self.credentials = credentials
        self.http = http
        self.clock = clock or SystemClock()
        self.poll = poll or PollPolicy()

    @property
    def _headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "Authorization": self.credentials.authorization}

    def _send(self, url: str, method: str, target: str, **kwargs: Any) -> dict[str, Any]:
        """One request; HTTP and JSON errors mapped; the JSON object returned."""
        try:
            response = self.http.request(method, target, headers=self._headers, **kwargs)
        except httpx.HTTPError as error:
            raise network_error(url, error) from error
        now = self.clock.now()
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None
        if response.status_code == 401:
            detail = str(data.get("message", "")) if isinstance(data, dict) else ""
            raise AuthError(url, detail or "HTTP 401")
        mapped = from_http(url, response.status_code, response.text, now)
        if mapped is not None:
            raise mapped
        if not isinstance(data, dict):
            raise TransientError(url, "invalid-response", "the Wayback Machine answered no JSON")
        if data.get("status") == "error":  # under HTTP 200: the job (or submission) ended
            refused = from_spn2(url, data, now)
            if isinstance(refused, TransientError):
                refused.job_ended = True
            raise refused
        return data

    def submit(
        self,
        url: str,
        *,
        if_not_archived_within: timedelta | None = None,
        options: Mapping[str, str] | None = None,
    ) -> Submission:
        """POST /save with ``skip_first_archive=1``; the job id, or a mapped error."""
        form = {"url": url, "skip_first_archive": "1", **(options or {})}
        if if_not_archived_within is not None:
            form["if_not_archived_within"] = format_window(if_not_archived_within)
        data = self._send(url, "POST", self.endpoints.save, data=form)
        job_id = str(data.get("job_id") or "")
        message = str(data.get("message") or "")
        if not job_id:
            mapped = from_message(url, message, self.clock.now())
            raise mapped or TransientError(
                url, "no-job-id", message or "SPN2 answered without a job id", False
            )
        return Submission(url, job_id, message)

    def status(self, job_id: str, url: str = "") -> JobStatus:
        """GET /save/status/<job_id>: pending or success; an error status is raised."""
        data = self._send(url or job_id, "GET", self.endpoints.status(job_id))
        status = str(data.get("status") or "")
        if status == "pending":
            return JobStatus(job_id, "pending")
        if status != "success":
            raise TransientError(
                url or job_id, "invalid-response", f"unknown job status {status!r}"
            )
        original = str(data.get("original_url") or url)
        try:
            moment = wayback_time(str(data.get("timestamp") or ""))
        except ValueError as error:
            raise TransientError(
                url or job_id, "invalid-response", "the job succeeded without a timestamp"
            ) from error
        return JobStatus(
            job_id,
            "success",
            original_url=original,
            timestamp=moment,
            archive_url=self.endpoints.memento(moment.strftime("%Y%m%d%H%M%S"), original),
        )

    def wait(
        self,
        job_id: str,
        url: str = "",
        on_poll: Callable[[int, JobStatus], None] | None = None,
    ) -> JobStatus:
        """Poll with back-off until success; raises TransientError when it stays pending."""
        waited = 0.0
        for polls, delay in enumerate(self.poll.delays(), start=1):
            self.clock.sleep(delay)
            waited += delay
            result = self.status(job_id, url)
            if on_poll is not None:
                on_poll(polls, result)
            if result.status == "success":
                return result
        raise TransientError(
            url or job_id,
            "still-pending",
            f"job {job_id} was still pending after {waited:.0f} s; poll it again later",
        )

    def user_status(self) -> UserStatus:
        """GET /save/status/user: sessions available and captures made today."""
        target = self.endpoints.user_status
        data = self._send("", "GET", target, params={"_t": secrets.token_hex(4)})

        def number(name: str) -> int:
            try:
                return int(data.get(name) or 0)
            except (TypeError, ValueError):
                return 0

        return UserStatus(
            available=number("available"),
            processing=number("processing"),
            daily_captures=number("daily_captures"),
            daily_captures_limit=number("daily_captures_limit"),
        )
