"""Rows <-> domain values, and the look-ups services need. Never commits: the caller does."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sourcebox.db import bulk, history, load
from sourcebox.db.base import utcnow
from sourcebox.db.models import (
    CreatorRow,
    LinkCheckRow,
    QuoteRow,
    SnapshotRow,
    TagRow,
    WorkCreatorRow,
    WorkRow,
    work_tags,
)
from sourcebox.domain.dates import PartialDate, parse_date
from sourcebox.domain.model import TEXT_FIELDS, Creator, Quote, Snapshot, Work
from sourcebox.errors import ConflictError, NotFoundError

_NAME_PARTS = bulk.NAME_PARTS


def _date(text: str) -> PartialDate | None:
    return parse_date(text) if text else None


def creator_value(link: WorkCreatorRow) -> Creator:
    """The domain creator of one work-creator link."""
    row = link.creator
    return Creator(
        family=row.family,
        given=row.given,
        particle=row.particle,
        suffix=row.suffix,
        literal=row.literal,
        role=link.role,
    )


def quote_value(row: QuoteRow, key: str) -> Quote:
    """The domain quote of a row."""
    return Quote(
        id=row.id,
        work_key=key,
        locator=row.locator,
        label=row.label,
        text=row.text,
        comment=row.comment,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def snapshot_value(row: SnapshotRow) -> Snapshot:
    """The domain snapshot of a row."""
    return Snapshot(
        id=row.id,
        url=row.url,
        archive_url=row.archive_url,
        captured_at=row.captured_at,
        service=row.service,
        status=row.status,
        job_id=row.job_id,
        http_status=row.http_status,
        error=row.error,
        checked_at=row.checked_at,
        attempts=row.attempts,
        next_try_at=row.next_try_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def work_value(row: WorkRow) -> Work:
    """The domain work of a row, with its creators, tags, quotes and snapshots."""
    fields: dict[str, Any] = {name: getattr(row, name) for name in TEXT_FIELDS}
    return Work(
        type=row.type,
        key=row.key,
        issued=_date(row.issued),
        accessed=_date(row.accessed),
        extra=dict(row.extra or {}),
        creators=tuple(creator_value(link) for link in row.creators),
        tags=tuple(tag.name for tag in row.tags),
        quotes=tuple(quote_value(q, row.key) for q in row.quotes),
        snapshots=tuple(snapshot_value(s) for s in row.snapshots),
        created_at=row.created_at,
        updated_at=row.updated_at,
        **fields,
    )


class CreatorCache:
    """Get-or-create for creators and tags within one session (a work's edit reuses rows).

    Many new works at once go through ``bulk`` instead, which looks names up in chunks.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._creators: dict[tuple[str, ...], CreatorRow] = {}
        self._tags: dict[str, TagRow] = {}

    def creator(self, creator: Creator) -> CreatorRow:
        """The row for this name, made if new."""
        identity = tuple(getattr(creator, part) for part in _NAME_PARTS)
        row = self._creators.get(identity)
        if row is None:
            row = self.session.scalars(
                select(CreatorRow).filter_by(**dict(zip(_NAME_PARTS, identity, strict=True)))
            ).first()
            if row is None:
                row = CreatorRow(**dict(zip(_NAME_PARTS, identity, strict=True)))
                self.session.add(row)
            self._creators[identity] = row
        return row

    def tag(self, name: str) -> TagRow:
        """The row for this tag, made if new."""
        row = self._tags.get(name)
        if row is None:
            row = self.session.scalars(select(TagRow).where(TagRow.name == name)).first()
            if row is None:
                row = TagRow(name=name)
                self.session.add(row)
            self._tags[name] = row
        return row


def apply_work(row: WorkRow, work: Work, cache: CreatorCache) -> None:
    """Write a work's fields, creators and tags onto a row (quotes and snapshots apart)."""
    for name in TEXT_FIELDS:
        if getattr(row, name, None) != getattr(work, name):
            setattr(row, name, getattr(work, name))
    row.type = work.type
    row.issued = str(work.issued) if work.issued else ""
    row.issued_year = work.issued.year if work.issued else None
    row.accessed = str(work.accessed) if work.accessed else ""
    row.extra = dict(work.extra)
    current = [creator_value(link) for link in row.creators] if row.id else []
    if current != list(work.creators):
        row.creators = [
            WorkCreatorRow(position=i, role=c.role, creator=cache.creator(c))
            for i, c in enumerate(work.creators)
        ]
    if [t.name for t in row.tags] != sorted(work.tags):
        row.tags = [cache.tag(name) for name in sorted(set(work.tags))]
    row.updated_at = utcnow()


def get_row(session: Session, key: str) -> WorkRow | None:
    """The work with this key, or None."""
    return session.scalars(select(WorkRow).where(WorkRow.key == key)).first()


def require_row(session: Session, key: str) -> WorkRow:
    """The work with this key; ``NotFoundError`` with a suggestion when there is none."""
    row = get_row(session, key)
    if row is None:
        raise not_found(session, key)
    return row


def not_found(session: Session, key: str) -> NotFoundError:
    """The error for a missing key, suggesting the closest key in the library."""
    close = suggest_key(session, key)
    hint = f"Did you mean '{close}'?" if close else "Run 'sourcebox list' to see the keys."
    return NotFoundError(f"No work with key '{key}'.", hint)


def suggest_key(session: Session, key: str) -> str | None:
    """The existing key closest to ``key``, if any is close."""
    candidates: Sequence[str] = ()
    for prefix_length in (4, 2, 0):
        prefix = key[:prefix_length]
        candidates = keys_with_prefix(session, prefix) if prefix else all_keys(session)
        if candidates:
            break
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    if close:
        return close[0]
    # 'parsi2008' for 'parsi2007treacherous': too different for difflib, yet the
    # same author and nearly the same year; a long shared start is the better clue.
    best = max(candidates, key=lambda c: (_shared_start(key, c), -len(c)), default=None)
    if best is not None and _shared_start(key, best) >= min(5, len(key) - 1):
        return best
    return None


def _shared_start(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def all_keys(session: Session) -> list[str]:
    """Every key in the library."""
    return sorted(session.scalars(select(WorkRow.key)))


def keys_with_prefix(session: Session, prefix: str) -> list[str]:
    """Keys starting with ``prefix`` (an index range scan, not LIKE)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    query = select(WorkRow.key).where(WorkRow.key >= prefix, WorkRow.key < upper)
    return list(session.scalars(query))


def load_works(session: Session, ids: Sequence[int]) -> list[Work]:
    """The works with these ids, in that order, read with a few set-based queries.

    One statement per chunk on PostgreSQL, where each query is a round trip.
    """
    if session.get_bind().dialect.name == "postgresql":
        return load.read_works(session, ids)
    return bulk.read_works(session, ids)


def remove_orphans(session: Session) -> None:
    """Delete creators and tags no work refers to any more."""
    session.execute(
        delete(CreatorRow).where(~CreatorRow.id.in_(select(WorkCreatorRow.creator_id).distinct()))
    )

    session.execute(delete(TagRow).where(~TagRow.id.in_(select(work_tags.c.tag_id).distinct())))


def count_works(session: Session) -> int:
    """How many works the library holds."""
    return int(session.scalar(select(func.count()).select_from(WorkRow)) or 0)


def flush(session: Session) -> None:
    """Flush pending writes, turning a constraint violation into a readable ``ConflictError``."""
    try:
        session.flush()
    except IntegrityError as error:
        # The caller's session scope rolls the whole unit of work back.
        raise ConflictError(
            f"Could not store the change: {error.orig}.",
            "Another process may have written the same key; run the command again.",
        ) from error


def delete_works(session: Session, ids: Sequence[int]) -> None:
    """Delete works by id (their links, quotes and snapshots cascade), then orphans."""
    history.touch(session, ids)
    session.execute(delete(WorkRow).where(WorkRow.id.in_(ids)))
    remove_orphans(session)
    session.expunge_all()


def quotes(session: Session, work_id: int | None = None) -> list[Quote]:
    """Every quote, or one work's, ordered by key then insertion."""
    query = select(QuoteRow, WorkRow.key).join(WorkRow).order_by(WorkRow.key, QuoteRow.id)
    if work_id is not None:
        query = query.where(QuoteRow.work_id == work_id)
    return [quote_value(row, key) for row, key in session.execute(query)]


def record_link_check(
    session: Session,
    url: str,
    status: str,
    *,
    checked_at: datetime,
    http_status: int | None = None,
    final_url: str = "",
    error: str = "",
) -> None:
    """Store the latest check of ``url`` (one row per URL, replaced by each new check)."""
    row = session.scalars(select(LinkCheckRow).where(LinkCheckRow.url == url)).first()
    if row is None:
        row = LinkCheckRow(url=url)
        session.add(row)
    row.status, row.http_status, row.checked_at = status, http_status, checked_at
    row.final_url, row.error = final_url, error


def urls_with_status(session: Session, urls: Iterable[str], status: str) -> frozenset[str]:
    """Those of ``urls`` whose latest check has ``status`` (e.g. ``dead``)."""
    wanted = sorted(set(urls))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        query = select(LinkCheckRow.url).where(
            LinkCheckRow.url.in_(wanted[start : start + 500]), LinkCheckRow.status == status
        )
        found.update(session.scalars(query))
    return frozenset(found)


def add_snapshot(session: Session, key: str, snapshot: Snapshot) -> Snapshot:
    """Attach a snapshot row to the work with ``key``."""
    work = require_row(session, key)
    row = snapshot_row(snapshot)
    work.snapshots.append(row)
    flush(session)
    return snapshot_value(row)


def snapshot_row(snapshot: Snapshot) -> SnapshotRow:
    """A new row for a snapshot value."""
    return SnapshotRow(
        url=snapshot.url,
        archive_url=snapshot.archive_url,
        captured_at=snapshot.captured_at,
        service=snapshot.service,
        status=snapshot.status,
        job_id=snapshot.job_id,
        http_status=snapshot.http_status,
        error=snapshot.error,
        checked_at=snapshot.checked_at,
        attempts=snapshot.attempts,
        next_try_at=snapshot.next_try_at,
    )


#: Snapshot states of the archive queue that a run still works on (failed: try again).
OPEN_STATES = ("requested", "pending", "failed")


def work_ids_for_keys(session: Session, keys: Iterable[str]) -> dict[str, int]:
    """Key -> id for the given keys that exist."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        query = select(WorkRow.key, WorkRow.id).where(WorkRow.key.in_(wanted[start : start + 500]))
        found.update({row[0]: row[1] for row in session.execute(query)})
    return found


def latest_confirmed(session: Session, url: str) -> SnapshotRow | None:
    """The newest confirmed snapshot of ``url`` (any work's)."""
    query = (
        select(SnapshotRow)
        .where(SnapshotRow.url == url, SnapshotRow.status == "confirmed")
        .order_by(SnapshotRow.captured_at.desc())
    )
    return session.scalars(query).first()


def lock_archive_queue(session: Session) -> None:
    """Make other archivers' queue updates wait until this transaction ends.

    Two archivers of a PostgreSQL library would otherwise both find no open row
    for a URL and both add one. SQLite needs nothing: its writers take turns.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
            {"k": "sourcebox:archive queue"},
        )


def queue_snapshot(session: Session, url: str, work_ids: Iterable[int | None]) -> None:
    """Make sure each work (None: a URL of no work) has an open snapshot row for ``url``."""
    for work_id in dict.fromkeys(work_ids):
        query = select(SnapshotRow).where(
            SnapshotRow.url == url,
            SnapshotRow.work_id.is_(None) if work_id is None else SnapshotRow.work_id == work_id,
            SnapshotRow.status.in_(OPEN_STATES),
        )
        if session.scalars(query).first() is None:
            session.add(SnapshotRow(url=url, work_id=work_id, status="requested"))
    flush(session)


def open_snapshots(session: Session, url: str) -> list[SnapshotRow]:
    """The snapshot rows of ``url`` still being worked on."""
    query = select(SnapshotRow).where(SnapshotRow.url == url, SnapshotRow.status.in_(OPEN_STATES))
    return list(session.scalars(query))


def update_open_snapshots(session: Session, url: str, **values: Any) -> None:
    """Set fields on every open snapshot row of ``url``."""
    for row in open_snapshots(session, url):
        for name, value in values.items():
            setattr(row, name, value)
    flush(session)


def dedupe_views(session: Session) -> list[Work]:
    """Every work reduced to what duplicate detection compares (key, ids, title, year, creator).

    Two light queries instead of loading every work with all its children.
    """
    first_creators: dict[int, Creator] = {}
    query = (
        select(WorkCreatorRow.work_id, CreatorRow)
        .join(CreatorRow, CreatorRow.id == WorkCreatorRow.creator_id)
        .where(WorkCreatorRow.position == 0)
    )
    for work_id, row in session.execute(query):
        first_creators[work_id] = Creator(
            family=row.family, given=row.given, particle=row.particle, literal=row.literal
        )
    columns = select(
        WorkRow.id, WorkRow.key, WorkRow.type, WorkRow.title, WorkRow.issued, WorkRow.doi,
        WorkRow.isbn, WorkRow.url,
    )  # fmt: skip
    views = []
    for work_id, key, kind, title, issued, doi, isbn, url in session.execute(columns):
        creator = first_creators.get(work_id)
        views.append(
            Work(
                type=kind, key=key, title=title, issued=_date(issued), doi=doi, isbn=isbn,
                url=url, creators=(creator,) if creator else (),
            )
        )  # fmt: skip
    return views
