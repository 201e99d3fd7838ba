"""RIS tags <-> work fields: types, names, dates, and the ``sourcebox:`` note. Pure: no I/O.

Used by ``sourcebox.interchange.ris``; see there for the tags and the note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sourcebox.domain.dates import PartialDate, parse_date
from sourcebox.domain.model import TEXT_FIELDS, Creator, Snapshot, Work
from sourcebox.errors import ValidationError
from sourcebox.interchange.snapshots import (
    format_archive_date,
    newest_confirmed,
    parse_archive_date,
)

#: A RIS line with a tag: ``XX  - value``.
TAG_LINE = re.compile(r"([A-Z][A-Z0-9])  ?-(?: (.*)|)$")
#: The prefix of the note that carries what the tags cannot.
CARRIER = "sourcebox: "
_TYPE_KEY = "ris.TY"

READ_TYPES: Mapping[str, str] = {
    "JOUR": "article-journal", "EJOUR": "article-journal", "ABST": "article-journal",
    "INPR": "article-journal", "MGZN": "article-magazine", "NEWS": "article-newspaper",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "SER": "book", "CTLG": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "RPRT": "report", "GOVDOC": "report",
    "THES": "thesis", "ELEC": "webpage", "WEB": "webpage", "BLOG": "post-weblog",
    "CONF": "paper-conference", "CPAPER": "paper-conference", "GEN": "document",
    "DATA": "dataset", "COMP": "software", "PAT": "patent", "STAND": "standard",
    "MAP": "map", "MPCT": "motion_picture", "VIDEO": "motion_picture", "ADVS": "motion_picture",
    "SOUND": "song", "MUSIC": "musical_score", "ART": "graphic", "FIGURE": "figure",
    "BILL": "bill", "CASE": "legal_case", "STAT": "legislation", "LEGAL": "legislation",
    "HEAR": "hearing", "PCOMM": "personal_communication", "UNPB": "manuscript",
    "MANSCPT": "manuscript", "PAMP": "pamphlet", "ENCYC": "entry-encyclopedia",
    "DICT": "entry-dictionary", "JFULL": "periodical",
}  # fmt: skip
WRITE_TYPES: Mapping[str, str] = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
    "book": "BOOK", "chapter": "CHAP", "report": "RPRT", "thesis": "THES", "webpage": "ELEC",
    "post-weblog": "BLOG", "paper-conference": "CPAPER", "document": "GEN", "dataset": "DATA",
    "software": "COMP", "patent": "PAT", "standard": "STAND", "map": "MAP",
    "motion_picture": "MPCT", "song": "SOUND", "musical_score": "MUSIC", "graphic": "ART",
    "figure": "FIGURE", "bill": "BILL", "legal_case": "CASE", "legislation": "STAT",
    "hearing": "HEAR", "personal_communication": "PCOMM", "manuscript": "MANSCPT",
    "pamphlet": "PAMP", "entry-encyclopedia": "ENCYC", "entry-dictionary": "DICT",
    "periodical": "JFULL",
}  # fmt: skip
_ISSN_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "article", "periodical",
     "review", "review-book"}
)  # fmt: skip
_ROLE_TAGS: Mapping[str, str] = {
    "AU": "author", "A1": "author", "ED": "editor", "A2": "editor",
    "A3": "collection-editor", "A4": "translator",
}  # fmt: skip
_WRITE_ROLES: Mapping[str, str] = {
    "author": "AU", "editor": "ED", "collection-editor": "A3", "translator": "A4"
}  # fmt: skip
#: Text fields: attribute -> tags that may hold it, the first being the one written.
_TEXT_TAGS: Mapping[str, tuple[str, ...]] = {
    "title": ("TI", "T1"), "container_title": ("T2", "JO", "JF", "BT"),
    "collection_title": ("T3",), "title_short": ("ST",), "publisher": ("PB",),
    "publisher_place": ("CY",), "volume": ("VL",), "issue": ("IS",), "number": ("M1",),
    "edition": ("ET",), "doi": ("DO",), "language": ("LA",), "genre": ("M3",),
    "abstract": ("AB", "N2"),
}  # fmt: skip
#: Tags the reader maps: ``extra`` entries with these names are not written as tags.
MAPPED_TAGS = frozenset(
    {"TY", "ER", "ID", "PY", "Y1", "DA", "Y2", "SP", "EP", "SN", "UR", "N1", "KW"}
    | set(_ROLE_TAGS)
    | {tag for tags in _TEXT_TAGS.values() for tag in tags}
)
_EXTRA_TAG = re.compile(r"[A-Z][A-Z0-9]")


def work_from_tags(tags: list[tuple[str, str]], issues: list[tuple[str, str]]) -> Work:
    """The work plain RIS tags describe (no ``sourcebox:`` note)."""
    values: dict[str, list[str]] = {}
    creators: list[Creator] = []
    for tag, value in tags:
        role = _ROLE_TAGS.get(tag)
        if role is not None:
            creators.append(parse_ris_name(value, role))
        else:
            values.setdefault(tag, []).append(value)
    extra: dict[str, str] = {}

    def take(*candidates: str) -> str:
        found = ""
        for tag in candidates:
            if tag in values and not found:
                found = values[tag].pop(0)
                if not values[tag]:
                    del values[tag]
        return found

    ty = take("TY")
    work_type = READ_TYPES.get(ty, "document")
    if WRITE_TYPES.get(work_type) != ty:
        extra[_TYPE_KEY] = ty
    texts: dict[str, Any] = {attr: take(*c) for attr, c in _TEXT_TAGS.items()}
    key = take("ID")
    start, end = take("SP"), take("EP")
    texts["page"] = f"{start}-{end}" if start and end else start or end
    if "SN" in values:
        texts["issn" if work_type in _ISSN_TYPES else "isbn"] = take("SN")
    texts["url"] = take("UR")
    notes = values.pop("N1", [])
    texts["note"] = "\n\n".join(notes)
    tags_found = tuple(dict.fromkeys(t for t in values.pop("KW", []) if t))
    issued = _issued(take("DA"), take("PY", "Y1"), extra, issues)
    accessed = _date(take("Y2"), "Y2", issues)
    for tag, rest in values.items():
        extra[tag] = "\n".join(rest)
    return Work(
        type=work_type,
        key=key,
        issued=issued,
        accessed=accessed,
        creators=tuple(creators),
        tags=tags_found,
        extra=extra,
        **texts,
    )


def parse_ris_name(text: str, role: str) -> Creator:
    """``Family, Given, Suffix`` (a leading lower-case word is a particle); no comma: whole."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return Creator(literal=text.strip(), role=role)
    words = parts[0].split(" ")
    index = 0
    while index < len(words) - 1 and words[index][:1].islower():
        index += 1
    return Creator(
        family=" ".join(words[index:]),
        particle=" ".join(words[:index]),
        given=parts[1],
        suffix=", ".join(parts[2:]),
        role=role,
    )


def format_ris_name(creator: Creator) -> str:
    """The RIS form of a creator (``parse_ris_name`` reads the usual ones back)."""
    if creator.literal:
        return creator.literal
    family = " ".join(p for p in (creator.particle, creator.family) if p)
    parts = [family, creator.given] + ([creator.suffix] if creator.suffix else [])
    return ", ".join(parts)


def _issued(
    da: str, py: str, extra: dict[str, str], issues: list[tuple[str, str]]
) -> PartialDate | None:
    """The date of issue from DA and PY; a PY that disagrees with DA stays in ``extra``."""
    full = _date(da, "DA", issues)
    year = _date(py, "PY", issues)
    if full is None:
        if da:
            extra["DA"] = da
        return year
    if py and (year is None or year.year != full.year):
        extra["PY"] = py
    return full


def _date(text: str, tag: str, issues: list[tuple[str, str]]) -> PartialDate | None:
    """``2007``, ``2007/09/14/``, ``2007/09//other`` or an ISO date."""
    text = text.strip()
    if not text:
        return None
    parts = text.split("/")
    try:
        if len(parts) > 1 and parts[0].isdigit():
            year, month, day = [*parts, "", ""][:3]
            iso = year + "".join(f"-{int(p):02d}" for p in (month, day) if p.strip())
            if not month.strip() and day.strip():
                raise ValueError("a day without a month")
            return parse_date(iso, tag)
        return parse_date(text, tag)
    except (ValidationError, ValueError) as error:
        reason = error.problems[0].reason if isinstance(error, ValidationError) else str(error)
        issues.append((tag, f"{tag} {text!r}: {reason}; not read as a date"))
        return None


# --- the sourcebox: note ------------------------------------------------------------------


def apply_carrier(work: Work, carrier: dict[str, Any], issues: list[tuple[str, str]]) -> Work:
    """``work`` corrected by what a ``sourcebox:`` note says (unchanged if the note is bad)."""
    changes: dict[str, Any] = {}
    try:
        for name, value in carrier.items():
            if name in TEXT_FIELDS or name in ("key", "type"):
                changes[name] = str(value)
            elif name in ("issued", "accessed"):
                changes[name] = parse_date(value) if value else None
            elif name == "creators":
                changes[name] = tuple(Creator(**c) for c in value)
            elif name == "tags":
                changes[name] = tuple(str(t) for t in value)
            elif name == "extra":
                changes[name] = {str(k): str(v) for k, v in value.items()}
            elif name == "snapshot":
                captured = parse_archive_date(value.get("captured_at") or "")
                snapshot = Snapshot(url="", archive_url=str(value["archive_url"]),
                                    captured_at=captured, status="confirmed")  # fmt: skip
                changes["snapshots"] = (snapshot,)
    except (TypeError, ValueError, KeyError, AttributeError, ValidationError):
        issues.append(("N1", "the 'sourcebox:' note does not fit this record; ignored"))
        return work
    result = replace(work, **changes)
    if result.snapshots:
        result = replace(
            result, snapshots=tuple(replace(s, url=result.url) for s in result.snapshots)
        )
    return result


def build_carrier(work: Work, written: Work) -> dict[str, Any]:
    """What the written tags do not carry, as the ``sourcebox:`` note holds it."""
    carrier: dict[str, Any] = {}
    for field in ("key", "type", *TEXT_FIELDS):
        if getattr(work, field) != getattr(written, field):
            carrier[field] = getattr(work, field)
    for field in ("issued", "accessed"):
        if getattr(work, field) != getattr(written, field):
            value = getattr(work, field)
            carrier[field] = str(value) if value is not None else ""
    if work.creators != written.creators:
        carrier["creators"] = [c.to_json() for c in work.creators]
    if work.tags != written.tags:
        carrier["tags"] = list(work.tags)
    if dict(work.extra) != dict(written.extra):
        carrier["extra"] = {
            k: v if isinstance(v, str) else json.dumps(v) for k, v in work.extra.items()
        }
    snapshot = newest_confirmed(work.snapshots)
    if snapshot is not None:
        captured = format_archive_date(snapshot.captured_at) if snapshot.captured_at else ""
        carrier["snapshot"] = {"archive_url": snapshot.archive_url, "captured_at": captured}
    return carrier


def work_tags(work: Work) -> list[tuple[str, str]]:
    """The RIS tags and values for a work, in writing order (no ER, no note)."""
    tags: list[tuple[str, str]] = []

    def add(tag: str, value: str) -> None:
        if value:
            tags.append((tag, value))

    kept = work.extra.get(_TYPE_KEY)
    ty = WRITE_TYPES.get(work.type, "GEN")
    if isinstance(kept, str) and READ_TYPES.get(kept, "document") == work.type and kept:
        ty = kept
    add("TY", ty)
    add("ID", work.key)
    for creator in work.creators:
        add(_WRITE_ROLES.get(creator.role, ""), format_ris_name(creator))
    for attr, candidates in _TEXT_TAGS.items():
        add(candidates[0], getattr(work, attr))
    if work.issued is not None and 0 <= work.issued.year <= 9999:
        add("PY", f"{work.issued.year:04d}")
        if work.issued.month is not None:
            add("DA", _ris_date(work.issued))
    if work.accessed is not None and 0 <= work.accessed.year <= 9999:
        add("Y2", _ris_date(work.accessed))
    start, dash, end = work.page.partition("-")
    if dash and start and end and "-" not in end and "–" not in work.page:
        add("SP", start)
        add("EP", end)
    else:
        add("SP", work.page)
    add("SN", work.issn if work.type in _ISSN_TYPES else work.isbn)
    add("UR", work.url)
    for tag in work.tags:
        add("KW", tag)
    if not work.note.startswith(CARRIER):
        add("N1", work.note)
    for name, value in work.extra.items():
        if _EXTRA_TAG.fullmatch(name) and name not in MAPPED_TAGS and isinstance(value, str):
            for part in value.split("\n"):
                tags.append((name, part))
    return [(tag, _one_record(value)) for tag, value in tags if tag]


def _one_record(value: str) -> str:
    """``value``, cut before any line that would read as a tag (the note restores it)."""
    if "\x00" in value:
        # Readers refuse NUL bytes; the note (JSON, \u0000) carries them.
        return _one_record(value.replace("\x00", ""))
    lines = value.splitlines()
    if len(lines) > 1 and any(TAG_LINE.match(line) for line in lines[1:]):
        return lines[0]
    if value != "\n".join(lines):
        # Line breaks other than "\n" (or a final one) would not read back as written.
        return lines[0] if lines else ""
    return value


def _ris_date(date: PartialDate) -> str:
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"
