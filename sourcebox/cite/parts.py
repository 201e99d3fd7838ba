"""Pieces shared by notes and bibliography entries: dates, editions, imprints, links. Pure: no I/O.

Links carry the archived copy of a web source when there is a confirmed
snapshot: ``ArchivePolicy`` says whether to print it (``append``: always,
``dead``: only for URLs the caller marks dead, ``never``), and HTML output
always marks the link with Robust Links attributes unless the mode is ``never``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcebox.cite.errors import UnknownOptionError
from sourcebox.cite.markup import Builder
from sourcebox.cite.style import Style
from sourcebox.cite.text import smart_quotes
from sourcebox.domain.dates import PartialDate, parse_date
from sourcebox.domain.model import Snapshot, Work
from sourcebox.errors import ValidationError

MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
_SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}
#: The ``--archive-links`` modes.
ARCHIVE_MODES: tuple[str, ...] = ("append", "dead", "never")
_WAYBACK_STAMP = re.compile(r"/web/(\d{4})(\d{2})(\d{2})\d*")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


@dataclass(frozen=True)
class ArchivePolicy:
    """When notes print the archived copy of a linked source.

    Attributes:
        mode: ``append`` (every web source with a confirmed snapshot), ``dead``
            (only those whose URL is in ``dead_urls``) or ``never``.
        dead_urls: URLs the link check found dead.
    """

    mode: str = "append"
    dead_urls: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.mode not in ARCHIVE_MODES:
            raise UnknownOptionError("archive-links mode", self.mode, ARCHIVE_MODES)


def format_date(date: PartialDate | None, *, day: bool = True, season: str = "") -> str:
    """A date as notes print it: "April 17, 2017", "July 2008", "Spring 2017", "ca. 1850"."""
    if date is None:
        return ""
    year = f"{-date.year} BCE" if date.year < 0 else str(date.year)
    if date.month is None:
        text = f"{season} {year}" if season else year
    elif date.day is None or not day:
        text = f"{MONTHS[date.month - 1]} {year}"
    else:
        text = f"{MONTHS[date.month - 1]} {date.day}, {year}"
    return f"ca. {text}" if date.circa else text


def year_text(date: PartialDate | None) -> str:
    """The year alone: "2016", "ca. 1850", "44 BCE"."""
    if date is None:
        return ""
    year = f"{-date.year} BCE" if date.year < 0 else str(date.year)
    return f"ca. {year}" if date.circa else year


def season(work: Work) -> str:
    """The season of issue (a CSL ``season``, kept in ``extra``), spelled out."""
    value = work.extra.get("season")
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return _SEASONS.get(int(value), "")
    return value.strip().capitalize() if isinstance(value, str) else ""


def revised(work: Work) -> PartialDate | None:
    """The last-modified date of a web page, kept in ``extra["revised"]`` (CMOS 14.13)."""
    value = work.extra.get("revised") or work.extra.get("modified")
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return parse_date(value, "revised")
        except ValidationError:
            return None
    return None


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{_SUFFIXES.get(number % 10, 'th')}"


def edition(text: str) -> str:
    """An edition statement as CMOS abbreviates it: "2" -> "2nd ed.", "Revised" -> "rev. ed."."""
    value = " ".join(text.split()).rstrip(".")
    if not value:
        return ""
    if value.isdigit():
        return f"{ordinal(int(value))} ed."
    lower = value.lower()
    if lower in {"1", "1st", "first"}:
        return ""
    for word in ("edition", "ed"):
        if lower.endswith(" " + word):
            value = value[: -len(word)].rstrip()
            lower = value.lower()
    if lower in {"revised", "rev"}:
        return "rev. ed."
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", lower)
    if match:
        return f"{ordinal(int(match.group(1)))} ed."
    return f"{value[0].lower()}{value[1:]} ed." if value[:1].isupper() else f"{value} ed."


def imprint(work: Work, style: Style) -> str:
    """The imprint: "New York: Penguin Press, 2016" (17th) or "Penguin Press, 2016" (18th)."""
    place = smart_quotes(work.publisher_place) if style.publisher_place else ""
    publisher = smart_quotes(work.publisher)
    year = year_text(work.issued)
    head = f"{place}: {publisher}" if place and publisher else place or publisher
    if not head:
        return year
    return f"{head}, {year or 'n.d.'}"


def doi_url(doi: str) -> str:
    """The resolver URL of a DOI, whatever form it was stored in."""
    return "https://doi.org/" + _DOI_PREFIX.sub("", doi.strip())


def snapshot(work: Work) -> Snapshot | None:
    """The latest confirmed archived copy of the work's URL, if any."""
    if not work.url:
        return None
    target = _norm(work.url)
    found = [
        snap
        for snap in work.snapshots
        if snap.status == "confirmed" and snap.archive_url and _norm(snap.url) == target
    ]
    return max(found, key=_taken, default=None)


def _taken(snap: Snapshot) -> float:
    return snap.captured_at.timestamp() if snap.captured_at else float("-inf")


def captured(snap: Snapshot) -> PartialDate | None:
    """When a snapshot was taken, from its record or its Wayback URL."""
    if snap.captured_at is not None:
        return PartialDate.from_date(snap.captured_at.date())
    match = _WAYBACK_STAMP.search(snap.archive_url)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return PartialDate(year, month, day)
    return None


def add_link(builder: Builder, work: Work, policy: ArchivePolicy, separator: str) -> None:
    """Append the DOI or URL (and its archived copy, per ``policy``) after ``separator``."""
    if work.doi:
        builder.sep(separator)
        builder.link(doi_url(work.doi))
        return
    if not work.url:
        return
    builder.sep(separator)
    snap = snapshot(work) if policy.mode != "never" else None
    if snap is None:
        builder.link(work.url)
        return
    when = captured(snap)
    builder.link(
        work.url,
        version_url=snap.archive_url,
        version_date=str(when) if when and when.day is not None else "",
    )
    if policy.mode == "append" or _norm(work.url) in {_norm(u) for u in policy.dead_urls}:
        builder.text(f", archived {format_date(when)}, " if when else ", archived at ")
        builder.link(snap.archive_url)


def _norm(url: str) -> str:
    return url.strip().split("#", 1)[0].rstrip("/")
