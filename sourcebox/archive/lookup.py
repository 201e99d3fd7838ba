"""The newest 200 capture of a URL from the CDX index: waybackpy builds the query, httpx sends it.

Must not save, pace itself (the caller's rate limiter does) or touch the database.

waybackpy 3.0.6's ``WaybackMachineCDXServerAPI`` can be pointed at another base
through its ``endpoint`` attribute (its pagination mode cannot: that URL is hard-coded),
but its transport sends no time-out, retries only https, and reads a 429 or 5xx page as
"no captures". So waybackpy builds and checks the query (the parameters its ``near()``
sends) and parses the lines (``CDXSnapshot``); the request goes through our httpx client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import httpx
from waybackpy import WaybackMachineCDXServerAPI
from waybackpy.cdx_snapshot import CDXSnapshot
from waybackpy.cdx_utils import full_url

from sourcebox.archive.errors import PermanentError, RateLimited, TransientError
from sourcebox.archive.transport import USER_AGENT, Clock, Endpoints, SystemClock, wayback_time

_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
_EXCLUDED = ("AdministrativeAccessControlException", "RobotAccessControlException")


@dataclass(frozen=True)
class Capture:
    """One archived copy: the URL asked about, its playback URL and when it was captured."""

    url: str
    archive_url: str
    timestamp: datetime

    def age(self, now: datetime) -> float:
        """Seconds between the capture and ``now``."""
        return (now - self.timestamp).total_seconds()


class CdxLookup:
    """Asks the CDX server for the newest 200 capture of a URL."""

    def __init__(
        self, endpoints: Endpoints, http: httpx.Client, clock: Clock | None = None
    ) -> None:
        self.endpoints = endpoints
        self.http = http
        self.clock = clock or SystemClock()

    def query_url(self, url: str) -> str:
        """The request waybackpy's ``newest()`` makes, with only 200 captures, on our base."""
        closest = self.clock.now().strftime("%Y%m%d%H%M%S")
        api = WaybackMachineCDXServerAPI(
            url,
            user_agent=USER_AGENT,
            filters=["statuscode:200"],
            sort="closest",
            closest=closest,
            limit="1",
        )
        api.endpoint = self.endpoints.cdx
        payload: dict[str, str] = {}
        api.add_payload(payload)
        # What cdx_api_manager() adds before each request.
        payload["showResumeKey"] = "true"
        payload["limit"] = str(api.limit)
        return str(full_url(api.endpoint, params=payload))

    def newest(self, url: str) -> Capture | None:
        """The newest capture answered with HTTP 200, or None when the index has none."""
        try:
            response = self.http.get(self.query_url(url))
        except httpx.TimeoutException as error:
            raise TransientError(
                url, "cdx-timeout", "the CDX index did not answer in time", False
            ) from error
        except httpx.HTTPError as error:
            raise TransientError(
                url, "cdx-unreachable", f"the CDX index could not be reached ({error})", False
            ) from error
        text = response.text
        if any(marker in text for marker in _EXCLUDED):
            raise PermanentError(url, "blocked", "the site is excluded from the Wayback Machine")
        if response.status_code == 429:
            raise RateLimited(url, " to a CDX lookup")
        if response.status_code != 200:
            detail = f"the CDX index answered HTTP {response.status_code}"
            raise TransientError(url, f"cdx-http-{response.status_code}", detail, False)
        return self._newest_of(url, text)

    def _newest_of(self, url: str, text: str) -> Capture | None:
        rows = text.strip().split("\n\n")[0]  # a resume key follows a blank line
        best: CDXSnapshot | None = None
        for line in rows.splitlines():
            values = line.strip().split(" ")
            if len(values) != len(_FIELDS) or len(line) < 46:
                continue
            try:
                snapshot = CDXSnapshot(dict(zip(_FIELDS, values, strict=True)))
            except ValueError:  # a malformed timestamp
                continue
            if snapshot.statuscode != "200":
                continue
            if best is None or snapshot.timestamp > best.timestamp:
                best = snapshot
        if best is None:
            return None
        return Capture(
            url=url,
            archive_url=self.endpoints.memento(best.timestamp, best.original),
            timestamp=wayback_time(best.timestamp),
        )
