"""One BibTeX entry (type, key, evaluated fields) -> a ``Work``. Pure: no I/O.

Every field ends up somewhere: in a work field, a creator, a tag, a snapshot, or
``extra`` under its own name (exactly as written). When the canonical LaTeX of a
decoded value differs from the file's (``{NASA}``, ``\\emph``, ``\\TeX``), the
file's form is kept in ``extra["bibtex.<field>"]`` and the writer uses it again
as long as it still decodes to the work's value.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sourcebox.bibtex.latex import decode, encode
from sourcebox.bibtex.mapping import (
    ENTRY_TYPE_KEY,
    GENRE_KEYS,
    NAME_FIELDS,
    PLACE_CANDIDATES,
    SIMPLE_FIELDS,
    SOURCE_PREFIX,
    TYPE_KEYS,
    container_candidates,
    default_genre,
    issue_candidates,
    number_candidates,
    publisher_candidates,
    read_type,
    write_type,
)
from sourcebox.bibtex.names import format_names, natural_form, parse_names
from sourcebox.domain.dates import PartialDate, parse_date
from sourcebox.domain.model import Creator, Snapshot, Work
from sourcebox.errors import ValidationError
from sourcebox.interchange.snapshots import parse_archive_date

_MONTHS = {calendar.month_name[i].lower(): i for i in range(1, 13)} | {
    calendar.month_abbr[i].lower(): i for i in range(1, 13)
}
_MONTHS["sept"] = 9
_MONTH_ONLY = re.compile(r"(\d{1,2}|[A-Za-z]+)\.?")
_DAY_MONTH = re.compile(r"(\d{1,2})\.?\s+([A-Za-z]+)\.?")
_MONTH_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})")
_YEAR = re.compile(r"-?\d{4}")
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
_URL_LIKE = re.compile(r"(?:https?|ftp)://\S+")
_KEYWORD_SEPARATORS = re.compile(r"(?<!\\)[{}]|[,;]")
_ENCODE_SPECIAL = re.compile(r"[\\{}$&%#_~^`\-'\n\u00a0–—“”‘]")


@dataclass(frozen=True)
class FieldIssue:
    """A field whose value could not be used as such (it is kept in ``extra``)."""

    field: str
    value: str
    reason: str


class _Fields:
    """The entry's non-empty fields by lower-case name, with the ones already used marked."""

    def __init__(self, fields: Sequence[tuple[str, str]]) -> None:
        self.order = fields
        # An empty field is left out here and so stays in ``extra`` as written: it
        # still blocks crossref inheritance there, as it does in BibTeX.
        self.values: dict[str, str] = {}
        for name, value in fields:
            if value:
                self.values.setdefault(name.lower(), value)
        self.used: set[str] = set()

    def get(self, name: str) -> str | None:
        return None if name in self.used else self.values.get(name)

    def take(self, *candidates: str) -> str | None:
        for name in candidates:
            if name not in self.used and name in self.values:
                self.used.add(name)
                return self.values[name]
        return None


def entry_to_work(
    entry_type: str, key: str, fields: Sequence[tuple[str, str]]
) -> tuple[Work, list[FieldIssue]]:
    """The work an entry describes, and the fields that could not be read as meant."""
    entry_type = entry_type.lower()
    found = _Fields(fields)
    issues: list[FieldIssue] = []
    sources: dict[str, str] = {}

    url = found.take("url") or ""
    if not url and (how := found.get("howpublished")) is not None:
        match = _URL_COMMAND.fullmatch(how) or _URL_LIKE.fullmatch(how)
        if match:
            url = match.group(1) if match.re is _URL_COMMAND else how
            found.used.add("howpublished")
    subtype = found.get("entrysubtype") or ""
    work_type, subtype_used = read_type(entry_type, subtype, bool(url))
    if subtype_used:
        found.used.add("entrysubtype")

    values: dict[str, Any] = _texts(found, work_type, sources)
    values["genre"] = _genre(found, entry_type, sources)
    values["doi"] = _doi(found)
    creators = _creators(found, sources)
    issued = _issued(found, issues, sources)
    accessed = _date_field(found, "urldate", issues)
    tags = _tags(found, sources)
    snapshots = _snapshots(found, url, issues)

    extra: dict[str, str] = {
        name: value for name, value in found.order if name.lower() not in found.used
    }
    for attr, raw in sources.items():
        extra[SOURCE_PREFIX + attr] = raw
    if entry_type not in _natural_types(work_type, values["genre"], bool(url)):
        extra[ENTRY_TYPE_KEY] = entry_type
    work = Work(
        type=work_type,
        key=key,
        url=url,
        issued=issued,
        accessed=accessed,
        creators=creators,
        tags=tags,
        snapshots=snapshots,
        extra=extra,
        **values,
    )
    return work, issues


@lru_cache(maxsize=64)
def _text_plan(work_type: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each text attribute and the fields that may hold it, for one type."""
    return (
        *((attr, (name,)) for attr, name in SIMPLE_FIELDS.items()),
        ("container_title", container_candidates(work_type)),
        ("publisher", publisher_candidates(work_type)),
        ("publisher_place", PLACE_CANDIDATES),
        ("issue", issue_candidates(work_type)),
        ("number", number_candidates(work_type)),
        ("medium", ("howpublished",)),
    )


def _texts(found: _Fields, work_type: str, sources: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    present = found.values
    used = found.used
    for attr, candidates in _text_plan(work_type):
        values[attr] = ""
        for name in candidates:
            raw = present.get(name)
            if raw is not None and name not in used:
                used.add(name)
                plain = decode(raw)
                if not _canonical(raw, plain):
                    sources[attr] = raw
                values[attr] = plain
                break
    return values


@lru_cache(maxsize=1024)
def _natural_types(work_type: str, genre: str, has_url: bool) -> frozenset[str]:
    """The entry types the writer would choose, in either dialect."""
    return frozenset(write_type(work_type, genre, has_url, d)[0] for d in ("bibtex", "biblatex"))


def _canonical(raw: str, plain: str) -> bool:
    """True if the writer's own LaTeX for ``plain`` is ``raw`` (so ``raw`` need not be kept)."""
    if raw == plain and not _ENCODE_SPECIAL.search(raw):
        return True
    return raw == encode(plain) or raw == encode(plain, ascii=True)


def _genre(found: _Fields, entry_type: str, sources: dict[str, str]) -> str:
    raw = found.take("type")
    if raw is None:
        return default_genre(entry_type)
    plain = decode(raw)
    genre = TYPE_KEYS.get(plain, plain)
    if not _canonical(raw, genre) and raw != GENRE_KEYS.get(genre):
        sources["genre"] = raw
    return genre


def _doi(found: _Fields) -> str:
    doi = found.take("doi")
    if doi is not None:
        return doi
    kind = found.get("eprinttype") or found.get("archiveprefix") or ""
    eprint = found.get("eprint")
    if kind.lower() == "doi" and eprint is not None:
        found.used.update({"eprint", "eprinttype", "archiveprefix"} & found.values.keys())
        return eprint
    return ""


def _creators(found: _Fields, sources: dict[str, str]) -> tuple[Creator, ...]:
    creators: list[Creator] = []
    seen: set[str] = set()
    for name, raw in found.order:
        lower = name.lower()
        role = NAME_FIELDS.get(lower)
        if role is None or role in seen or lower in found.used or lower not in found.values:
            continue
        seen.add(role)
        found.used.add(lower)
        names = parse_names(raw, role)
        creators.extend(names)
        if not _names_canonical(raw, names):
            sources[role] = raw
    return tuple(creators)


def _names_canonical(raw: str, names: tuple[Creator, ...]) -> bool:
    forms: list[Callable[[], str | None]] = [
        lambda: format_names(names),
        lambda: natural_form(names),
    ]
    if "," not in raw:
        forms.reverse()  # "First Last" is then the likelier spelling: try it first
    if "\\" in raw:
        forms += [lambda: format_names(names, ascii=True), lambda: natural_form(names, ascii=True)]
    return any(raw == form() for form in forms)


def _year_text(year: int) -> str:
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def _month(text: str) -> tuple[int, int | None] | None:
    """(month, day) from a month field: ``11``, ``nov``, ``November``, ``10 January``."""
    text = text.replace("\u00a0", " ").strip()
    if match := _MONTH_ONLY.fullmatch(text):
        word = match.group(1)
        number = int(word) if word.isdigit() else _MONTHS.get(word.lower())
        return (number, None) if number and 1 <= number <= 12 else None
    for pattern, day_first in ((_DAY_MONTH, True), (_MONTH_DAY, False)):
        if match := pattern.fullmatch(text):
            day, name = match.groups() if day_first else match.groups()[::-1]
            number = _MONTHS.get(name.lower())
            return (number, int(day)) if number else None
    return None


def _issued(
    found: _Fields, issues: list[FieldIssue], sources: dict[str, str]
) -> PartialDate | None:
    issued = _date_field(found, "date", issues)
    year_raw = found.get("year")
    month_raw = found.get("month")
    year = decode(year_raw) if year_raw is not None else None
    month = _month(decode(month_raw)) if month_raw is not None else None
    if issued is None and year is not None:
        if not _YEAR.fullmatch(year):
            issues.append(FieldIssue("year", year_raw or "", "not a four-digit year; kept as is"))
            return None
        if month_raw is not None and month is None:
            issues.append(FieldIssue("month", month_raw, "not a month; kept as is"))
        issued = _combine(int(year), month, issues, month_raw or "")
    if issued is None:
        return None
    if year is not None and year == _year_text(issued.year):
        found.used.add("year")
        if year_raw != year:
            sources["year"] = year_raw or ""
    if month is not None and month[0] == issued.month and month[1] in (None, issued.day):
        found.used.add("month")
    return issued


def _combine(
    year: int, month: tuple[int, int | None] | None, issues: list[FieldIssue], raw: str
) -> PartialDate:
    if month is None:
        return PartialDate(year)
    number, day = month
    if day is not None:
        try:
            return parse_date(f"{_year_text(year)}-{number:02d}-{day:02d}", "month")
        except ValidationError:
            issues.append(FieldIssue("month", raw, f"day {day} does not exist in that month"))
    return PartialDate(year, number)


def _date_field(found: _Fields, name: str, issues: list[FieldIssue]) -> PartialDate | None:
    raw = found.get(name)
    if raw is None:
        return None
    try:
        value = parse_date(raw, name)
    except ValidationError as error:
        issues.append(FieldIssue(name, raw, error.problems[0].reason + "; kept as is"))
        return None
    found.used.add(name)
    return value


def split_keywords(raw: str) -> list[str]:
    """The keywords of a ``keywords`` field: split on ``,`` or ``;`` outside braces."""
    parts: list[str] = []
    level = 0
    start = 0
    for match in _KEYWORD_SEPARATORS.finditer(raw):
        char = match.group()
        if char == "{":
            level += 1
        elif char == "}":
            level = max(level - 1, 0)
        elif level == 0:
            parts.append(raw[start : match.start()])
            start = match.end()
    parts.append(raw[start:])
    tags: list[str] = []
    for part in parts:
        tag = decode(part.strip(" "))
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def format_keywords(tags: Sequence[str], ascii: bool = False) -> str:
    """A ``keywords`` field that ``split_keywords`` reads back as ``tags``."""
    out = []
    for tag in tags:
        encoded = encode(tag, ascii)
        if "," in encoded or ";" in encoded:
            encoded = "{" + encoded + "}"
        out.append(encoded)
    return ", ".join(out)


def _tags(found: _Fields, sources: dict[str, str]) -> tuple[str, ...]:
    raw = found.take("keywords")
    if raw is None:
        return ()
    tags = split_keywords(raw)
    if raw not in (format_keywords(tags), format_keywords(tags, ascii=True)):
        sources["tags"] = raw
    return tuple(tags)


def _snapshots(found: _Fields, url: str, issues: list[FieldIssue]) -> tuple[Snapshot, ...]:
    archive_url = found.take("archiveurl")
    if archive_url is None:
        return ()
    captured = None
    raw_date = found.get("archivedate")
    if raw_date is not None:
        captured = parse_archive_date(raw_date)
        if captured is None:
            issues.append(FieldIssue("archivedate", raw_date, "not an ISO date; kept as is"))
        else:
            found.used.add("archivedate")
    return (Snapshot(url=url, archive_url=archive_url, captured_at=captured, status="confirmed"),)
