"""Archive one URL: reuse a fresh capture, else save it once (SPN2 with keys, v1 without).

The one place that combines the CDX lookup, the savers and the rate limiter. Must not
touch the database, the terminal or any setting beyond ``from_settings``: a caller
(the future queue) persists state through ``ArchiveHooks``, each called BEFORE the
network step it names, and resumes a submitted job by passing its ``job_id``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import httpx

from sourcebox.archive.credentials import Credentials, load_credentials
from sourcebox.archive.errors import ArchiveError, PermanentError, RateLimited, TransientError
from sourcebox.archive.lookup import Capture, CdxLookup
from sourcebox.archive.ratelimit import (
    RATE_ANONYMOUS,
    RATE_WITH_KEYS,
    RateLimiter,
    WaitHook,
    process_limiter,
)
from sourcebox.archive.spn1 import CACHED_SLACK, Spn1Client
from sourcebox.archive.spn2 import PollPolicy, Spn2Client
from sourcebox.archive.transport import (
    DEFAULT_BASE,
    Clock,
    Endpoints,
    SystemClock,
    make_http_client,
)
from sourcebox.archive.urls import UrlProblem, normalise_url

if TYPE_CHECKING:
    from sourcebox.config import Settings


class Outcome(StrEnum):
    """How archiving one URL ended."""

    REUSED = "reused"  # a capture younger than max_age existed; nothing was saved
    SAVED = "saved"  # a save made (or returned) a capture
    FAILED = "failed"  # transient failures used up the attempts; try again later
    PERMANENT = "permanent"  # final for this URL (not found, blocked, not http(s), ...)


@dataclass(frozen=True)
class ArchiveResult:
    """The outcome for one URL, with the capture the service named when there is one."""

    url: str
    outcome: Outcome
    archive_url: str = ""
    captured_at: datetime | None = None
    job_id: str = ""
    reason: str = ""
    message: str = ""
    attempts: int = 0
    cached: bool = False  # the service returned an older capture instead of a new one

    @property
    def ok(self) -> bool:
        """True when the URL has a capture to cite."""
        return self.outcome in (Outcome.REUSED, Outcome.SAVED)


def _ignore(*args: object) -> None:
    """A hook that does nothing."""


@dataclass(frozen=True)
class ArchiveHooks:
    """Callbacks for a caller that persists progress; each runs before its network step.

    ``before_save(url, attempt)`` runs after the rate-limit wait, right before the save
    request; ``on_submitted(url, job_id)`` before the first status poll, so a crash
    after it resumes by polling that job; ``on_retry(url, error)`` after a failure,
    before the index check or next attempt; ``on_wait(seconds, reason)`` before every
    rate-limit or back-off wait.
    """

    before_lookup: Callable[[str], None] = _ignore
    before_save: Callable[[str, int], None] = _ignore
    on_submitted: Callable[[str, str], None] = _ignore
    on_retry: Callable[[str, ArchiveError], None] = _ignore
    on_wait: WaitHook = _ignore


class Archiver(Protocol):
    """Archives one URL at a time; a fake implements this in service tests."""

    def archive(
        self,
        url: str,
        *,
        max_age: timedelta,
        job_id: str = "",
        hooks: ArchiveHooks | None = None,
    ) -> ArchiveResult:
        """Reuse, save or report ``url``; with ``job_id``, resume polling that job."""
        ...


@dataclass(frozen=True)
class RetryPolicy:
    """Save attempts per URL, and the back-off between them after a transient failure."""

    max_attempts: int = 3
    backoff: float = 20.0
    factor: float = 2.0


@dataclass
class _Run:
    url: str
    max_age: timedelta
    hooks: ArchiveHooks
    started: datetime
    job_id: str = ""
    job_alive: bool = False
    attempts: int = 0
    rounds: int = 0
    cached: bool = False
    error: ArchiveError | None = field(default=None)


class WaybackArchiver:
    """The Wayback Machine behind the ``Archiver`` protocol."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE,
        *,
        credentials: Credentials | None = None,
        limiter: RateLimiter | None = None,
        lookup_limiter: RateLimiter | None = None,
        clock: Clock | None = None,
        http: httpx.Client | None = None,
        timeout: float = 120.0,
        poll: PollPolicy | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.endpoints = Endpoints(base_url)
        self.clock = clock or SystemClock()
        self._own_http = http is None
        self.http = http or make_http_client(timeout)
        rate = RATE_WITH_KEYS if credentials else RATE_ANONYMOUS
        self.limiter = limiter or process_limiter("saves", rate)
        self.lookup_limiter = lookup_limiter
        self.retry = retry or RetryPolicy()
        self.lookup = CdxLookup(self.endpoints, self.http, self.clock)
        self.spn1 = Spn1Client(self.endpoints, self.http, self.clock)
        self.spn2 = (
            Spn2Client(self.endpoints, credentials, self.http, self.clock, poll)
            if credentials
            else None
        )
        self._capacity_checked = False

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        rate: float | None = None,
        env: Mapping[str, str] | None = None,
        home: Path | None = None,
        timeout: float = 120.0,
    ) -> WaybackArchiver:
        """An archiver on ``settings.wayback_url`` with the process-wide limiters."""
        credentials = load_credentials(env, home)
        per_minute = rate or (RATE_WITH_KEYS if credentials else RATE_ANONYMOUS)
        return cls(
            settings.wayback_url,
            credentials=credentials,
            limiter=process_limiter("saves", per_minute),
            lookup_limiter=process_limiter("lookups"),
            timeout=timeout,
        )

    @property
    def mode(self) -> str:
        """``spn2`` with keys, ``v1`` without."""
        return "spn2" if self.spn2 else "v1"

    def close(self) -> None:
        """Close the HTTP session if this archiver opened it."""
        if self._own_http:
            self.http.close()

    def __enter__(self) -> WaybackArchiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one public step ----------------------------------------------------------
    def archive(
        self,
        url: str,
        *,
        max_age: timedelta,
        job_id: str = "",
        hooks: ArchiveHooks | None = None,
    ) -> ArchiveResult:
        """Reuse a capture younger than ``max_age``, else save; ``job_id`` resumes a job.

        DailyCapReached and AuthError propagate: they stop the whole run.
        """
        normal = normalise_url(url)
        if isinstance(normal, UrlProblem):
            return ArchiveResult(
                url, Outcome.PERMANENT, reason="not-archivable", message=str(normal)
            )
        # Without keys a stored job cannot be polled: look first, as for a new URL.
        resume = bool(job_id) and self.spn2 is not None
        run = _Run(normal, max_age, hooks or ArchiveHooks(), self.clock.now(), job_id, resume)
        try:
            if not run.job_alive:
                found = self._look(run)
                if found is not None and found.age(self.clock.now()) <= max_age.total_seconds():
                    return self._captured(run, Outcome.REUSED, found)
            return self._save(run)
        except PermanentError as error:
            return self._ended(run, Outcome.PERMANENT, error)
        except RateLimited as error:  # lookups kept answering 429
            return self._ended(run, Outcome.FAILED, error)

    # -- steps ----------------------------------------------------------------------------
    def _look(self, run: _Run) -> Capture | None:
        """The newest capture, pacing lookups; a 429 pauses everything and is retried."""
        for attempt in range(1, self.retry.max_attempts + 1):
            try:
                if self.lookup_limiter is None:
                    run.hooks.before_lookup(run.url)
                    return self.lookup.newest(run.url)
                with self.lookup_limiter.slot(run.hooks.on_wait):
                    run.hooks.before_lookup(run.url)
                    return self.lookup.newest(run.url)
            except RateLimited as error:
                self._pause(error)
                if attempt == self.retry.max_attempts:
                    raise
            except TransientError:
                return None  # unknown: saving is still right (SPN2 de-duplicates anyway)
        return None

    def _save(self, run: _Run) -> ArchiveResult:
        while run.rounds < 3 * self.retry.max_attempts:
            run.rounds += 1
            try:
                if run.job_alive:
                    return self._poll(run)
                if run.attempts >= self.retry.max_attempts:
                    break
                return self._save_once(run)
            except RateLimited as error:
                run.error = error
                run.hooks.on_retry(run.url, error)
                self._pause(error)
                if run.job_alive:  # polls take no limiter slot: wait the pause out here
                    self._wait(run, self.limiter.state().paused_for, "paused after a 429")
            except TransientError as error:
                run.error = error
                run.job_alive = run.job_alive and not error.job_ended
                run.hooks.on_retry(run.url, error)
                if error.check_index:
                    found = self._look(run)
                    if found is not None and self._landed(run, found):
                        return self._captured(run, Outcome.SAVED, found)
                if run.job_alive and error.reason != "still-pending":
                    continue  # re-poll the job now; it is alive
                delay = self.retry.backoff * self.retry.factor ** max(0, run.attempts - 1)
                self._wait(run, delay, "back-off")
        assert run.error is not None
        return self._ended(run, Outcome.FAILED, run.error)

    def _save_once(self, run: _Run) -> ArchiveResult:
        """One save inside a rate-limiter slot, held until the capture is done."""
        self._check_capacity()
        with self.limiter.slot(run.hooks.on_wait):
            run.attempts += 1
            run.hooks.before_save(run.url, run.attempts)
            if self.spn2 is None:
                saved = self.spn1.save(run.url)
                run.cached = saved.cached
                capture = Capture(run.url, saved.archive_url, saved.timestamp)
                return self._captured(run, Outcome.SAVED, capture)
            submission = self.spn2.submit(run.url, if_not_archived_within=run.max_age)
            run.job_id, run.job_alive = submission.job_id, True
            run.cached = submission.deduplicated
            run.hooks.on_submitted(run.url, submission.job_id)
            return self._poll(run)

    def _poll(self, run: _Run) -> ArchiveResult:
        assert self.spn2 is not None, "a job id can only be resumed with SPN2 keys"
        status = self.spn2.wait(run.job_id, run.url)
        assert status.timestamp is not None
        capture = Capture(run.url, status.archive_url, status.timestamp)
        if run.attempts:  # a job resumed from an earlier run is ours, not an old capture
            run.cached = run.cached or status.timestamp < run.started - CACHED_SLACK
        return self._captured(run, Outcome.SAVED, capture)

    def _check_capacity(self) -> None:
        """Once per archiver: allow as many saves in flight as the user status says."""
        if self.spn2 is None or self._capacity_checked:
            return
        self._capacity_checked = True
        with suppress(TransientError):  # unknown: keep one in flight
            self.limiter.set_capacity(self.spn2.user_status().available)

    def _wait(self, run: _Run, seconds: float, reason: str) -> None:
        if seconds > 0:
            run.hooks.on_wait(seconds, reason)
            self.clock.sleep(seconds)

    def _pause(self, error: RateLimited) -> None:
        self.limiter.pause(error.pause_seconds)
        if self.lookup_limiter is not None:
            self.lookup_limiter.pause(error.pause_seconds)

    def _landed(self, run: _Run, found: Capture) -> bool:
        """A capture that answers the need: fresh enough, or made since this run began."""
        now = self.clock.now()
        return found.age(now) <= run.max_age.total_seconds() or found.timestamp >= run.started

    # -- results --------------------------------------------------------------------------
    def _captured(self, run: _Run, outcome: Outcome, capture: Capture) -> ArchiveResult:
        return ArchiveResult(
            url=run.url,
            outcome=outcome,
            archive_url=capture.archive_url,
            captured_at=capture.timestamp,
            job_id=run.job_id,
            attempts=run.attempts,
            cached=run.cached if outcome is Outcome.SAVED else False,
        )

    def _ended(self, run: _Run, outcome: Outcome, error: ArchiveError) -> ArchiveResult:
        result = ArchiveResult(run.url, outcome, job_id=run.job_id, attempts=run.attempts)
        return replace(result, reason=error.reason, message=str(error))
