"""Duplicate detection: normalised DOI, ISBN, URL and title + year + first creator. Pure: no I/O.

``fingerprints(work)`` gives the strings two works share when they are probably
the same source; ``DuplicateFinder`` indexes works by them; ``merge_empty``
fills the empty fields of one work from another and says which it filled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

from sourcebox.domain.model import FIELDS, Work

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|info:doi/)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ISBN_ITEM = re.compile(r"[\dXx][\dXx\s-]{8,}[\dXx]")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
#: Types that share an ISBN with their siblings (chapters of one book), so an ISBN
#: does not tell them apart.
_PART_TYPES = frozenset(
    {"chapter", "paper-conference", "entry", "entry-dictionary", "entry-encyclopedia"}
)


def normalize_doi(value: str) -> str:
    """``10.1000/abc`` in lower case, from any resolver URL or ``doi:`` form; '' if no DOI."""
    doi = _DOI_PREFIX.sub("", value.strip()).strip().rstrip(".,;")
    return doi.lower() if _DOI.match(doi) else ""


def normalize_isbns(value: str) -> list[str]:
    """Every valid ISBN in ``value`` as 13 digits (ISBN-10s converted), in order."""
    found: list[str] = []
    for match in _ISBN_ITEM.finditer(value):
        digits = re.sub(r"[\s-]", "", match.group()).upper()
        isbn = _isbn13(digits)
        if isbn and isbn not in found:
            found.append(isbn)
    return found


def _isbn13(digits: str) -> str:
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        total += 10 if digits[9] == "X" else int(digits[9])
        if total % 11:
            return ""
        body = "978" + digits[:9]
        check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
        return body + str(check)
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        return digits if total % 10 == 0 else ""
    return ""


def normalize_url(value: str) -> str:
    """The URL with scheme and host in lower case, no default port, fragment or final slash."""
    text = value.strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    netloc = host
    if parts.username or parts.password:
        credentials = parts.username or ""
        if parts.password:
            credentials += ":" + parts.password
        netloc = credentials + "@" + netloc
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    path = _PERCENT.sub(lambda m: m.group().upper(), parts.path).rstrip("/")
    query = _PERCENT.sub(lambda m: m.group().upper(), parts.query)
    return urlunsplit(SplitResult(scheme, netloc, path, query, ""))


def normalize_title(value: str) -> str:
    """Lower case, accents and punctuation removed, blanks squeezed."""
    plain = value.casefold()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", plain)).strip()


def first_creator(work: Work) -> str:
    """The normalised family name (or whole name) of the first author, else editor, else anyone."""
    for role in ("author", "editor", None):
        for creator in work.creators:
            if role is None or creator.role == role:
                name = creator.literal or creator.family or creator.given
                return normalize_title(f"{creator.particle} {name}" if creator.particle else name)
    return ""


def fingerprints(work: Work) -> set[str]:
    """Strings that a duplicate of ``work`` would share with it (``doi:``, ``isbn:``, ...)."""
    found: set[str] = set()
    if doi := normalize_doi(work.doi):
        found.add("doi:" + doi)
    if work.type not in _PART_TYPES:
        found.update("isbn:" + isbn for isbn in normalize_isbns(work.isbn))
    if url := normalize_url(work.url):
        found.add("url:" + url)
    if title := normalize_title(work.title):
        year = str(work.issued.year) if work.issued else ""
        found.add(f"title:{title}|{year}|{first_creator(work)}")
    return found


class DuplicateFinder:
    """Works indexed by fingerprint: ``matches(work)`` names the keys of probable duplicates."""

    def __init__(self, works: Iterable[Work] = ()) -> None:
        self._keys: dict[str, list[str]] = {}
        for work in works:
            self.add(work)

    def add(self, work: Work, prints: Iterable[str] | None = None) -> None:
        """Index ``work`` under its key (``prints``: its fingerprints, if known already)."""
        for print_ in fingerprints(work) if prints is None else prints:
            keys = self._keys.setdefault(print_, [])
            if work.key not in keys:
                keys.append(work.key)

    def matches(self, work: Work, prints: Iterable[str] | None = None) -> list[str]:
        """Keys of indexed works sharing a fingerprint with ``work``, most shared first."""
        counts: dict[str, int] = {}
        for print_ in sorted(fingerprints(work) if prints is None else prints):
            for key in self._keys.get(print_, ()):
                counts[key] = counts.get(key, 0) + 1
        return sorted(counts, key=lambda k: -counts[k])


def merge_empty(existing: Work, incoming: Work) -> tuple[Work, list[str]]:
    """``existing`` with its empty fields filled from ``incoming``, and the names filled.

    Fields, creators, tags and snapshots are filled only when ``existing`` has none;
    ``extra`` gains the names it lacks (reported as ``extra.NAME``). Nothing that
    ``existing`` has is changed.
    """
    changes: dict[str, Any] = {}
    filled: list[str] = []
    for name in FIELDS:
        if name == "type":
            continue
        if getattr(existing, name) in ("", None) and getattr(incoming, name) not in ("", None):
            changes[name] = getattr(incoming, name)
            filled.append(name)
    for name in ("creators", "tags", "snapshots"):
        if not getattr(existing, name) and getattr(incoming, name):
            changes[name] = getattr(incoming, name)
            filled.append(name)
    added = {k: v for k, v in incoming.extra.items() if k not in existing.extra}
    if added:
        changes["extra"] = {**existing.extra, **added}
        filled.extend(f"extra.{k}" for k in added)
    return (replace(existing, **changes) if changes else existing), filled
