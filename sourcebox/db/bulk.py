"""Many new works at once, written with set-based Core statements instead of the ORM.

The ORM's unit of work costs about half a millisecond per work (attribute events,
cascades, one INSERT per link row); an import of 100,000 entries spent most of
its time there. Here every table gets one ``executemany`` per batch, creators
and tags are looked up in chunks and made once, and the new ids come back in
the order the works were given (``RETURNING`` with ``sort_by_parameter_order``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Select, Table, func, insert, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sourcebox.db.base import Base, utcnow
from sourcebox.db.models import (
    CreatorRow,
    TagRow,
    work_tags,
)
from sourcebox.domain.dates import parse_date
from sourcebox.domain.model import TEXT_FIELDS, Creator, Quote, Snapshot, Work
from sourcebox.errors import ConflictError

NAME_PARTS = ("family", "given", "particle", "suffix", "literal")
Identity = tuple[str, str, str, str, str]
_TABLES = Base.metadata.tables
_WORKS, _CREATORS, _TAGS = _TABLES["works"], _TABLES["creators"], _TABLES["tags"]
_LINKS, _SNAPSHOTS, _QUOTES = _TABLES["work_creators"], _TABLES["snapshots"], _TABLES["quotes"]
_SNAPSHOT_FIELDS = (
    "url", "archive_url", "captured_at", "service", "status", "job_id", "http_status",
    "error", "checked_at", "attempts", "next_try_at", "id", "created_at", "updated_at",
)  # fmt: skip
_QUOTE_FIELDS = ("text", "locator", "label", "comment", "id", "created_at", "updated_at")
# A new child row gets its own id; its times are kept when it brings them.
_GIVEN_BY_STORE = ("id", "created_at", "updated_at")
# Bound parameters per statement stay well under SQLite's limit (32,766).
_CHUNK = 400


def identity(creator: Creator) -> Identity:
    """The five name parts that make a creator row unique."""
    return (creator.family, creator.given, creator.particle, creator.suffix, creator.literal)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def creator_ids(session: Session, wanted: Iterable[Identity]) -> dict[Identity, int]:
    """Ids of these names, making the rows that do not exist yet."""
    todo = sorted(set(wanted))
    found: dict[Identity, int] = {}
    columns = [getattr(CreatorRow, part) for part in NAME_PARTS]
    for chunk in _chunks(todo, _CHUNK // 5):
        query = select(CreatorRow.id, *columns).where(tuple_(*columns).in_(chunk))
        for row in session.execute(query):
            found[tuple(row[1:])] = row[0]
    missing = [i for i in todo if i not in found]
    if missing:
        now = utcnow()
        params = [
            {**dict(zip(NAME_PARTS, i, strict=True)), "created_at": now, "updated_at": now}
            for i in missing
        ]
        statement = insert(_CREATORS).returning(_CREATORS.c.id, sort_by_parameter_order=True)
        ids = session.scalars(statement, params).all()
        found.update(zip(missing, ids, strict=True))
    return found


def tag_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Ids of these tags, making the rows that do not exist yet."""
    todo = sorted(set(names))
    found: dict[str, int] = {}
    for chunk in _chunks(todo):
        for tag_id, name in session.execute(
            select(TagRow.id, TagRow.name).where(TagRow.name.in_(chunk))
        ):
            found[name] = tag_id
    missing = [name for name in todo if name not in found]
    if missing:
        now = utcnow()
        statement = insert(_TAGS).returning(_TAGS.c.id, sort_by_parameter_order=True)
        ids = session.scalars(
            statement, [{"name": n, "created_at": now, "updated_at": now} for n in missing]
        ).all()
        found.update(zip(missing, ids, strict=True))
    return found


def work_params(work: Work) -> dict[str, Any]:
    """The ``works`` row of a work as bound parameters (timestamps apart)."""
    params: dict[str, Any] = {name: getattr(work, name) for name in TEXT_FIELDS}
    params.update(
        key=work.key,
        type=work.type,
        issued=str(work.issued) if work.issued else "",
        issued_year=work.issued.year if work.issued else None,
        accessed=str(work.accessed) if work.accessed else "",
        extra=dict(work.extra),
    )
    return params


def _new_work_ids(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the ``works`` rows; their ids, in order.

    On SQLite the ids are given, not returned: a plain ``executemany`` runs in C
    and is several times faster than ``RETURNING`` in batches. It is safe because
    SQLite has one writer at a time: a transaction that read ``max(id)`` and then
    lost the race to another writer cannot write at all (its snapshot is stale),
    so the whole import fails cleanly rather than colliding.
    """
    if session.get_bind().dialect.name != "sqlite":
        statement = insert(_WORKS).returning(_WORKS.c.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, rows).all())
    first = (session.scalar(select(func.max(_WORKS.c.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    execute_many(session, _WORKS, rows)
    return ids


def execute_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows that all have the same columns, as fast as the driver goes.

    On SQLite the rows become tuples for the driver's own ``executemany``, each
    value through its column's bind processor (JSON, dates) but none of
    SQLAlchemy's per-row bookkeeping, which cost more than the inserts; a value
    repeated from the row before (the same ``now`` in every row) is processed
    once. Other databases take the ordinary path.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    # In the table's order, the order the compiled statement lists them in.
    columns = [column for column in table.c if column.name in rows[0]]
    statement = str(insert(table).compile(dialect=dialect, column_keys=[c.name for c in columns]))
    # Column by column: list comprehensions, not a Python loop per value.
    values = []
    for column in columns:
        name = column.name
        process = column.type._cached_bind_processor(dialect)
        if process is None:
            values.append([row[name] for row in rows])
        else:
            values.append(_processed([row[name] for row in rows], process))
    data = list(zip(*values, strict=True))
    connection.exec_driver_sql(statement, data)


def plain_rows(session: Session, statement: Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of a SELECT of columns that need no result processing (ids, text), as tuples.

    On SQLite they come straight from the driver's cursor: SQLAlchemy's rows cost
    more than the query when there are 100,000 of them. Other databases take the
    ordinary path.
    """
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        return [tuple(row) for row in connection.execute(statement)]
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    values = tuple(params[name] for name in compiled.positiontup or ())
    cursor = connection.connection.cursor()
    try:
        return list(cursor.execute(str(compiled), values).fetchall())
    finally:
        cursor.close()


def id_runs(ids: Iterable[int], chunk: int) -> list[tuple[int, int]] | None:
    """The distinct ids as (first, last) runs of consecutive ones, a statement's worth each.

    None when the runs would outnumber lists of ``chunk`` ids (scattered ids): then
    ``IN`` lists take fewer statements. A bulk add makes one run.
    """
    ordered = sorted(set(ids))
    runs: list[tuple[int, int]] = []
    for work_id in ordered:
        if runs and work_id == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], work_id)
        else:
            runs.append((work_id, work_id))
    return runs if len(runs) <= len(ordered) // chunk + 1 else None


def _processed(values: list[Any], process: Callable[[Any], Any]) -> list[Any]:
    """``process`` applied to each value but None, once for a value repeated from the one before."""
    out: list[Any] = []
    last: Any = object()
    done: Any = None
    for value in values:
        if value is None:
            out.append(None)
            continue
        if value is not last:
            last, done = value, process(value)
        out.append(done)
    return out


def insert_works(session: Session, works: Sequence[Work], *, quotes: bool = False) -> list[int]:
    """Insert new works; a key taken meanwhile by another process is a ``ConflictError``."""
    try:
        return _insert_works(session, works, quotes=quotes)
    except IntegrityError as error:
        raise ConflictError(
            f"Could not store the new works: {error.orig}.",
            "Another process may have written the same key; run the command again.",
        ) from error


def _insert_works(session: Session, works: Sequence[Work], *, quotes: bool) -> list[int]:
    """Insert new works (keys already checked free), their creators, tags and snapshots.

    Returns the new ids in the order of ``works``. Quotes are written too when
    ``quotes`` is true (a restored work brings its own). Runs in the caller's
    transaction; pending ORM changes are flushed first so the look-ups see them.
    """
    if not works:
        return []
    session.flush()
    people = creator_ids(session, (identity(c) for w in works for c in w.creators))
    labels = tag_ids(session, (t for w in works for t in w.tags))
    now = utcnow()
    rows = [{**work_params(w), "created_at": now, "updated_at": now} for w in works]
    ids = _new_work_ids(session, rows)
    links = [
        {"work_id": i, "position": n, "role": c.role, "creator_id": people[identity(c)]}
        for i, w in zip(ids, works, strict=True)
        for n, c in enumerate(w.creators)
    ]
    tagged = [
        {"work_id": i, "tag_id": labels[t]}
        for i, w in zip(ids, works, strict=True)
        for t in sorted(set(w.tags))
    ]
    if links:
        execute_many(session, _LINKS, links)
    if tagged:
        execute_many(session, work_tags, tagged)
    parts: list[tuple[Table, str, tuple[str, ...]]] = [(_SNAPSHOTS, "snapshots", _SNAPSHOT_FIELDS)]
    if quotes:
        parts.append((_QUOTES, "quotes", _QUOTE_FIELDS))
    for table, part, names in parts:
        rows = [
            {
                **{
                    n: getattr(item, n)
                    for n in names
                    if n not in ("id", "created_at", "updated_at")
                },
                "work_id": i,
                "created_at": item.created_at or now,
                "updated_at": item.updated_at or now,
            }
            for i, w in zip(ids, works, strict=True)
            for item in getattr(w, part)
        ]
        if rows:
            session.execute(insert(table), rows)
    return ids


def read_works(session: Session, ids: Sequence[int]) -> list[Work]:
    """The works with these ids, in that order: five set-based queries per chunk, no ORM.

    Exporting 100,000 works spent most of its time building ORM objects only to
    turn them into values; here rows become values directly.
    """
    out: list[Work] = []
    for chunk in _chunks(ids, 500):
        out.extend(_read_chunk(session, chunk))
    return out


def _read_chunk(session: Session, ids: Sequence[int]) -> list[Work]:
    works = _WORKS.c
    rows = {row.id: row for row in session.execute(select(_WORKS).where(works.id.in_(ids)))}
    people: dict[int, list[Creator]] = {}
    names = select(
        _LINKS.c.work_id, _LINKS.c.role, *(getattr(_CREATORS.c, p) for p in NAME_PARTS)
    ).join(_CREATORS, _CREATORS.c.id == _LINKS.c.creator_id)
    for link in session.execute(
        names.where(_LINKS.c.work_id.in_(ids)).order_by(_LINKS.c.work_id, _LINKS.c.position)
    ):
        people.setdefault(link.work_id, []).append(
            Creator(link.family, link.given, link.particle, link.suffix, link.literal, link.role)
        )
    labels: dict[int, list[str]] = {}
    tagged = select(work_tags.c.work_id, _TAGS.c.name).join(_TAGS, _TAGS.c.id == work_tags.c.tag_id)
    for work_id, name in session.execute(
        tagged.where(work_tags.c.work_id.in_(ids)).order_by(_TAGS.c.name)
    ):
        labels.setdefault(work_id, []).append(name)
    said: dict[int, list[Any]] = {}
    for row in session.execute(
        select(_QUOTES).where(_QUOTES.c.work_id.in_(ids)).order_by(_QUOTES.c.id)
    ):
        said.setdefault(row.work_id, []).append(row)
    kept: dict[int, list[Snapshot]] = {}
    for row in session.execute(
        select(_SNAPSHOTS).where(_SNAPSHOTS.c.work_id.in_(ids)).order_by(_SNAPSHOTS.c.id)
    ):
        kept.setdefault(row.work_id, []).append(
            Snapshot(**{name: getattr(row, name) for name in _SNAPSHOT_FIELDS})
        )
    out = []
    for work_id in ids:
        found = rows.get(work_id)
        if found is None:
            continue
        row, key = found, found.key
        out.append(
            Work(
                type=row.type,
                key=key,
                issued=parse_date(row.issued) if row.issued else None,
                accessed=parse_date(row.accessed) if row.accessed else None,
                extra=dict(row.extra or {}),
                creators=tuple(people.get(work_id, ())),
                tags=tuple(labels.get(work_id, ())),
                quotes=tuple(
                    Quote(**{n: getattr(q, n) for n in _QUOTE_FIELDS}, work_key=key)
                    for q in said.get(work_id, ())
                ),
                snapshots=tuple(kept.get(work_id, ())),
                created_at=row.created_at,
                updated_at=row.updated_at,
                **{name: getattr(row, name) for name in TEXT_FIELDS},
            )
        )
    return out
