"""Save Page Now v1: an anonymous ``GET /save/<url>``, and the memento read from its answer.

Must not pace saves, look in the CDX index or persist anything.

waybackpy 3.0.6's ``WaybackMachineSaveAPI`` cannot do this job: its ``request_url`` can
be re-pointed, but its parser only recognises mementos on the literal host
``web.archive.org``, looks for ``Content-Location`` in ``str(headers)`` (a dict repr, so
never), ignores ``Location`` in the redirect chain, sends no time-out and retries with
real 5-10 s sleeps. So the same request (``/save/`` + URL with spaces as %20, redirects
followed, our User-Agent) goes through httpx, and the memento is accepted from the
``Location`` of the save answer or a later hop, ``Content-Location``, a ``Link`` entry
with rel="memento", or the final URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from sourcebox.archive.errors import ArchiveError, PermanentError, TransientError, from_http
from sourcebox.archive.transport import (
    MEMENTO_PATH,
    Clock,
    Endpoints,
    SystemClock,
    network_error,
    wayback_time,
)

_LINK_ENTRY = re.compile(r"<([^>]*)>([^<]*)")
_REL = re.compile(r'rel="?([^";]*)"?')
#: A memento older than the request by more than this was not made by it.
CACHED_SLACK = timedelta(minutes=2)


@dataclass(frozen=True)
class SaveResult:
    """A v1 save: the memento, its time, and whether it was an older ("cached") capture.

    ``evidence`` says where the memento was read: ``location``, ``content-location``,
    ``link`` or ``final-url``.
    """

    url: str
    archive_url: str
    timestamp: datetime
    cached: bool
    evidence: str


def memento_from_link(header: str) -> str | None:
    """The URL of the entry whose rel is exactly "memento", else "last memento", else any."""
    found: list[tuple[list[str], str]] = []
    for target, params in _LINK_ENTRY.findall(header):
        rel = _REL.search(params)
        tokens = rel.group(1).split() if rel else []
        if "memento" in tokens:
            found.append((tokens, target))
    exact = [target for tokens, target in found if tokens == ["memento"]]
    last = [target for tokens, target in found if "last" in tokens]
    return next(iter(exact + last + [target for _, target in found]), None)


def find_memento(chain: Sequence[httpx.Response]) -> tuple[str, str, str] | None:
    """``(evidence, timestamp, original URL)`` of the memento a save answer names, or None.

    Most trustworthy first: the save answer's own ``Location``, ``Content-Location`` and
    ``Link`` rel="memento", then ``Location`` of later redirects, then the final URL.
    Playback of a new capture may lag and redirect to an older one, so later hops rank last.
    """
    answer, final = chain[0], chain[-1]
    candidates: list[tuple[str, str]] = []
    if answer.is_redirect and answer.headers.get("location"):
        candidates.append(("location", answer.headers["location"]))
    if answer.headers.get("content-location"):
        candidates.append(("content-location", answer.headers["content-location"]))
    link = memento_from_link(answer.headers.get("link", ""))
    if link:
        candidates.append(("link", link))
    for hop in chain[1:-1]:
        if hop.headers.get("location"):
            candidates.append(("location", hop.headers["location"]))
    if final.status_code == 200:
        candidates.append(("final-url", str(final.url)))
    for evidence, candidate in candidates:
        match = MEMENTO_PATH.search(candidate)
        if match is not None:
            return evidence, match.group(1), match.group(2)
    return None


def _runtime_error(url: str, text: str) -> ArchiveError:
    lowered = text.lower()
    if "accesscontrolexception" in lowered or "blocked" in lowered:
        return PermanentError(url, "blocked", f"the Wayback Machine refuses this site ({text})")
    if "livedocumentnotavailable" in lowered or "not found" in lowered:
        return PermanentError(url, "not-found", f"the page could not be fetched ({text})")
    if "name or service not known" in lowered:
        return PermanentError(url, "invalid-host-resolution", f"the host does not resolve ({text})")
    return TransientError(url, "runtime-error", f"the Wayback Machine reported {text}")


class Spn1Client:
    """Anonymous saves through SPN v1."""

    def __init__(self, endpoints: Endpoints, http: httpx.Client, clock: Clock | None = None):
        self.endpoints = endpoints
        self.http = http
        self.clock = clock or SystemClock()

    def save(self, url: str) -> SaveResult:
        """GET /save/<url>; the memento it names, or a mapped error."""
        started = self.clock.now()
        try:
            response = self.http.get(self.endpoints.save_v1(url), follow_redirects=True)
        except httpx.HTTPError as error:
            raise network_error(url, error) from error
        chain = [*response.history, response]
        answer = chain[0]
        mapped = from_http(url, answer.status_code, _text(answer), self.clock.now())
        if mapped is not None:
            raise mapped
        for hop in chain:
            runtime = hop.headers.get("x-archive-wayback-runtime-error")
            if runtime:
                raise _runtime_error(url, runtime)
        found = find_memento(chain)
        if found is not None:
            evidence, timestamp, original = found
            moment = wayback_time(timestamp)
            cache_hit = any(hop.headers.get("x-page-cache") == "HIT" for hop in chain)
            return SaveResult(
                url=url,
                archive_url=self.endpoints.memento(timestamp, original),
                timestamp=moment,
                cached=cache_hit or moment < started - CACHED_SLACK,
                evidence=evidence,
            )
        raise TransientError(url, "no-memento", "the save answer named no archived copy")


def _text(response: httpx.Response) -> str:
    try:
        return response.text
    except httpx.ResponseNotRead:
        return ""
