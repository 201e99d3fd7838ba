"""URL normalisation and de-duplication for archiving. Pure: no I/O, no network.

A URL is normalised once (scheme and host case, default ports, fragment dropped,
empty path made "/") before it is looked up, saved or stored. Only http(s) URLs can
be archived; anything else becomes a ``UrlProblem`` value to report, never an
exception raised from deep inside the archive client.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


@dataclass(frozen=True)
class UrlProblem:
    """A URL that cannot be archived, and why."""

    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.url!r}: {self.reason}"


@dataclass(frozen=True)
class UrlBatch:
    """De-duplicated normalised URLs (first-seen order), the problems, and their originals."""

    urls: tuple[str, ...] = ()
    problems: tuple[UrlProblem, ...] = ()
    originals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _upper_escapes(text: str) -> str:
    return _ESCAPE.sub(lambda m: m.group(0).upper(), text.replace(" ", "%20"))


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".") if hostname != "." else hostname
    if ":" in host:  # an IPv6 literal keeps its brackets
        return f"[{host}]"
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def normalise_url(raw: str) -> str | UrlProblem:
    """The canonical form of ``raw``, or a ``UrlProblem`` saying why it cannot be archived."""
    text = raw.strip()
    if not text:
        return UrlProblem(raw, "empty URL")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        return UrlProblem(raw, f"not a valid URL ({error})")
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        return UrlProblem(raw, f"only http and https URLs can be archived (this one has {shown})")
    if not parts.hostname:
        return UrlProblem(raw, "the URL names no host")
    netloc = _host(parts.hostname)
    if not netloc:  # "http://../": only dots, which normalising removes
        return UrlProblem(raw, "the URL names no host")
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    path = _upper_escapes(parts.path) or "/"
    return urlunsplit((scheme, netloc, path, _upper_escapes(parts.query), ""))


def is_archivable(raw: str) -> bool:
    """True when ``raw`` is an http(s) URL that ``normalise_url`` accepts."""
    return isinstance(normalise_url(raw), str)


def normalise_urls(raws: Iterable[str]) -> UrlBatch:
    """Normalise every URL once; keep the first of each duplicate and report the rejects."""
    originals: dict[str, list[str]] = {}
    problems: list[UrlProblem] = []
    for raw in raws:
        result = normalise_url(raw)
        if isinstance(result, UrlProblem):
            problems.append(result)
        else:
            originals.setdefault(result, []).append(raw)
    return UrlBatch(
        urls=tuple(originals),
        problems=tuple(problems),
        originals={url: tuple(seen) for url, seen in originals.items()},
    )
