"""The values that cross every boundary: works, creators, quotes, snapshots. Pure: no I/O.

Fields are CSL-JSON shaped (``container_title`` is CSL ``container-title``) so that
import, export and formatting map one to one. These are frozen dataclasses: ORM
objects never leave a database session; these do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sourcebox.domain.dates import PartialDate

#: Types with full support (validation rules, formatting, mapping).
MAIN_TYPES: tuple[str, ...] = (
    "book",
    "chapter",
    "report",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "webpage",
    "post-weblog",
    "thesis",
)

#: Every CSL 1.0.2 item type; the others are stored and exported as they are.
WORK_TYPES: tuple[str, ...] = (
    *MAIN_TYPES,
    "article",
    "bill",
    "broadcast",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "regulation",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
)

#: Plain text fields of a work, in display order (dates and type excluded).
TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "title_short",
    "container_title",
    "collection_title",
    "publisher",
    "publisher_place",
    "edition",
    "volume",
    "issue",
    "page",
    "number",
    "genre",
    "medium",
    "doi",
    "isbn",
    "issn",
    "url",
    "language",
    "abstract",
    "note",
)

#: Partial-date fields of a work.
DATE_FIELDS: tuple[str, ...] = ("issued", "accessed")

#: Every settable scalar field, in display order.
FIELDS: tuple[str, ...] = (
    "type",
    "title",
    "title_short",
    "container_title",
    "collection_title",
    "publisher",
    "publisher_place",
    "edition",
    "volume",
    "issue",
    "page",
    "number",
    "genre",
    "medium",
    "issued",
    "accessed",
    "doi",
    "isbn",
    "issn",
    "url",
    "language",
    "abstract",
    "note",
)

#: Our field name -> CSL-JSON variable name.
CSL_NAMES: Mapping[str, str] = {
    "title_short": "title-short",
    "container_title": "container-title",
    "collection_title": "collection-title",
    "publisher_place": "publisher-place",
    "doi": "DOI",
    "isbn": "ISBN",
    "issn": "ISSN",
    "url": "URL",
}

#: Creator roles, CSL name variables.
ROLES: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "container-author",
    "collection-editor",
    "composer",
    "director",
    "editorial-director",
    "illustrator",
    "interviewer",
    "recipient",
    "reviewed-author",
    "contributor",
    "chair",
    "compiler",
    "curator",
    "host",
    "narrator",
    "organizer",
    "performer",
    "producer",
)

#: Quote locator labels, as CSL locator terms.
LOCATOR_LABELS: tuple[str, ...] = (
    "page",
    "chapter",
    "section",
    "paragraph",
    "line",
    "note",
    "figure",
    "column",
    "folio",
    "number",
    "part",
    "verse",
    "volume",
    "book",
    "act",
    "appendix",
    "article-locator",
    "canon",
    "elocation",
    "equation",
    "opus",
    "rule",
    "scene",
    "sub-verbo",
    "table",
    "timestamp",
    "title-locator",
)


@dataclass(frozen=True)
class Creator:
    """A person (family, given, particle, suffix) or an organisation (literal)."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""
    role: str = "author"

    @property
    def is_literal(self) -> bool:
        """True for an organisation or any name kept whole."""
        return bool(self.literal)

    @property
    def sort_name(self) -> str:
        """The name as it sorts: family (with particle) first."""
        if self.literal:
            return self.literal
        family = f"{self.particle} {self.family}".strip()
        return f"{family}, {self.given}".strip(", ")

    def to_json(self) -> dict[str, str]:
        """The creator as a JSON object, empty parts left out."""
        data = {"role": self.role}
        for name in ("family", "given", "particle", "suffix", "literal"):
            value = getattr(self, name)
            if value:
                data[name] = value
        return data


@dataclass(frozen=True)
class Quote:
    """A passage of a work with its locator ("102", "45-47") and label ("page")."""

    text: str
    locator: str = ""
    label: str = "page"
    comment: str = ""
    id: int | None = None
    work_key: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """The quote as a JSON object."""
        return {
            "id": self.id,
            "key": self.work_key,
            "locator": self.locator,
            "label": self.label,
            "text": self.text,
            "comment": self.comment,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
        }


@dataclass(frozen=True)
class Snapshot:
    """An archived copy of a URL (filled in by the archive service)."""

    url: str
    archive_url: str = ""
    captured_at: datetime | None = None
    service: str = "wayback"
    status: str = "requested"
    job_id: str = ""
    http_status: int | None = None
    error: str = ""
    checked_at: datetime | None = None
    attempts: int = 0
    next_try_at: datetime | None = None
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """The snapshot as a JSON object."""
        return {
            "id": self.id,
            "url": self.url,
            "archive_url": self.archive_url,
            "captured_at": _iso(self.captured_at),
            "service": self.service,
            "status": self.status,
            "job_id": self.job_id,
            "http_status": self.http_status,
            "error": self.error,
            "checked_at": _iso(self.checked_at),
            "attempts": self.attempts,
            "next_try_at": _iso(self.next_try_at),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
        }


@dataclass(frozen=True)
class Work:
    """A source: its key, type, fields, creators in order, tags, quotes and snapshots.

    Text fields hold ``""`` when empty, never ``None``; dates are ``PartialDate``
    or ``None``. ``extra`` keeps every field read from a file that we do not model.
    """

    type: str
    key: str = ""
    title: str = ""
    title_short: str = ""
    container_title: str = ""
    collection_title: str = ""
    publisher: str = ""
    publisher_place: str = ""
    edition: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    number: str = ""
    genre: str = ""
    medium: str = ""
    issued: PartialDate | None = None
    accessed: PartialDate | None = None
    doi: str = ""
    isbn: str = ""
    issn: str = ""
    url: str = ""
    language: str = ""
    abstract: str = ""
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    creators: tuple[Creator, ...] = ()
    tags: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    snapshots: tuple[Snapshot, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def get(self, name: str) -> str:
        """A scalar field as text ('' when empty); dates in their canonical form."""
        value = getattr(self, name)
        if value is None:
            return ""
        return str(value)

    def creators_with(self, role: str) -> tuple[Creator, ...]:
        """The creators that have ``role``, in order."""
        return tuple(c for c in self.creators if c.role == role)

    @property
    def year(self) -> int | None:
        """The year of issue, if any."""
        return self.issued.year if self.issued else None

    def to_json(self) -> dict[str, Any]:
        """Every field, the creators, tags, quotes and snapshots, with the key under "key"."""
        data: dict[str, Any] = {"key": self.key}
        for name in FIELDS:
            data[name] = self.get(name)
        data["extra"] = dict(self.extra)
        data["creators"] = [c.to_json() for c in self.creators]
        data["tags"] = list(self.tags)
        data["quotes"] = [q.to_json() for q in self.quotes]
        data["snapshots"] = [s.to_json() for s in self.snapshots]
        data["created_at"] = _iso(self.created_at)
        data["updated_at"] = _iso(self.updated_at)
        return data


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
