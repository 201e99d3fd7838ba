"""The archive client's errors, and how Wayback answers map onto them. Pure: no I/O.

Every error is a ``SourceboxError`` whose message says what was attempted on which
URL and why it failed, and whose hint says what to do. The mapping functions read
SPN2 JSON (errors arrive under HTTP 200 too) and plain HTTP statuses; they never
send a request themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sourcebox.errors import SourceboxError

#: SPN2 ``status_ext`` codes that are final for the URL (protocol notes, section 2).
PERMANENT_CODES = frozenset(
    "not-found no-access blocked blocked-url blocked-client-ip invalid-url-syntax "
    "invalid-host-resolution filesize-limit unauthorized too-many-redirects bad-request "
    "method-not-allowed ftp-access-denied http-version-not-supported not-implemented".split()
)
#: ``status_ext`` codes where no capture was started: retry later, no index check needed.
NOT_STARTED_CODES = frozenset("user-session-limit too-many-requests no-browsers-available".split())


def next_utc_midnight(now: datetime) -> datetime:
    """When daily capture counters reset: the next midnight UTC after ``now``."""
    day = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class ArchiveError(SourceboxError):
    """A failure to look up or save ``url``; ``reason`` is a short code (status_ext or HTTP)."""

    def __init__(self, url: str, reason: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.url = url
        self.reason = reason


class RateLimited(ArchiveError):
    """HTTP 429: every save must pause for at least ``pause_seconds`` (plus jitter)."""

    def __init__(self, url: str, detail: str = "", pause_seconds: float = 60.0) -> None:
        self.pause_seconds = max(60.0, pause_seconds)
        super().__init__(
            url,
            "http-429",
            f"Could not archive {url}: the Wayback Machine answered 429 (rate limit){detail}.",
            f"Nothing was lost; saving pauses for at least {self.pause_seconds:.0f} s "
            "and resumes by itself. Lower --rate if this keeps happening.",
        )


class DailyCapReached(ArchiveError):
    """The account's (or address's) captures for today are used up: stop the run."""

    def __init__(self, url: str, detail: str, resume_at: datetime) -> None:
        self.resume_at = resume_at
        super().__init__(
            url,
            "too-many-daily-captures",
            f"Could not archive {url}: the daily capture limit is reached ({detail}).",
            f"Nothing was lost; run the same command again after {resume_at:%Y-%m-%d %H:%M} UTC.",
        )


class PermanentError(ArchiveError):
    """A refusal that retrying cannot change (not found, blocked, invalid host, ...)."""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        why = detail or reason
        super().__init__(
            url,
            reason,
            f"Could not archive {url}: {why} ({reason}).",
            "This is final for this URL: check that it is right and reachable, "
            "or cite another copy.",
        )


class TransientError(ArchiveError):
    """A failure that may pass (5xx, 520/523, time-out, session limit).

    ``check_index`` is True when the capture may have landed anyway: look in CDX
    before saving again. ``job_ended`` is True when an SPN2 job itself ended in error;
    otherwise a known job is still alive and must be polled again, not resubmitted.
    """

    def __init__(
        self,
        url: str,
        reason: str,
        detail: str = "",
        check_index: bool = True,
        job_ended: bool = False,
    ) -> None:
        self.check_index = check_index
        self.job_ended = job_ended  # an SPN2 job answered "error": poll no more, submit anew
        super().__init__(
            url,
            reason,
            f"Could not archive {url}: {detail or reason}.",
            "Nothing was lost; it is retried after a pause, or run the same command again later.",
        )


class AuthError(ArchiveError):
    """The Internet Archive refused the S3 keys (or asked for them)."""

    def __init__(self, url: str, detail: str = "") -> None:
        super().__init__(
            url,
            "unauthorized",
            f"Could not archive {url}: the Internet Archive refused the credentials"
            + (f" ({detail})" if detail else "")
            + ".",
            "Check SOURCEBOX_IA_ACCESS_KEY and SOURCEBOX_IA_SECRET_KEY (or the [s3] section "
            "of ia.ini) against https://archive.org/account/s3.php, or unset them to save "
            "anonymously.",
        )


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def from_message(url: str, message: str, now: datetime) -> ArchiveError | None:
    """Map the refusal texts SPN sends without a ``status_ext`` (spn.sh matches these)."""
    lowered = message.lower()
    if "captures per day" in lowered or ("daily" in lowered and "captures limit" in lowered):
        return DailyCapReached(url, _short(message), next_utc_midnight(now))
    if "times today" in lowered:  # this URL's own daily cap: final for today only
        return PermanentError(url, "url-daily-limit", _short(message) + "; try again tomorrow")
    if "active save page now sessions" in lowered:
        return TransientError(url, "user-session-limit", _short(message), check_index=False)
    if "crawling this host is paused" in lowered or "cannot start capture" in lowered:
        return TransientError(url, "capture-not-started", _short(message), check_index=False)
    if "logged in" in lowered:
        return AuthError(url, _short(message))
    return None


def from_spn2(url: str, data: Mapping[str, Any], now: datetime) -> ArchiveError:
    """Map an SPN2 ``{"status": "error", ...}`` answer (submission or status) to our error."""
    ext = str(data.get("status_ext") or "")
    code = ext.removeprefix("error:")
    message = _short(str(data.get("message") or data.get("exception") or ""))
    if code == "too-many-daily-captures":
        return DailyCapReached(url, message or code, next_utc_midnight(now))
    if code in PERMANENT_CODES:
        return PermanentError(url, code, message)
    if code in NOT_STARTED_CODES:
        return TransientError(url, code, message, check_index=False)
    if not code:
        mapped = from_message(url, message, now)
        if mapped is not None:
            return mapped
        return TransientError(url, "spn2-error", message or "the Wayback Machine reported an error")
    return TransientError(url, code, message)


def from_http(url: str, status: int, body: str, now: datetime) -> ArchiveError | None:
    """Map a non-2xx HTTP answer; None for a status that is not an error."""
    if status < 400:
        return None
    text = _short(body)
    if status == 429:
        mapped = from_message(url, body, now)
        if isinstance(mapped, DailyCapReached | PermanentError):
            return mapped
        pause = 300.0 if "5 minutes" in body else 60.0
        return RateLimited(url, pause_seconds=pause)
    if status in (401, 403) and "blocked site error" not in body.lower():
        return AuthError(url, text)
    if status == 509:
        return TransientError(url, "http-509", "too many active sessions (HTTP 509)", False)
    if status in (408, 409) or status >= 500:
        detail = f"the Wayback Machine answered HTTP {status}"
        return TransientError(url, f"http-{status}", detail)
    return PermanentError(url, f"http-{status}", f"the Wayback Machine answered HTTP {status}")
