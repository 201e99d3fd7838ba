"""Copying a whole library from one database to another (SQLite <-> PostgreSQL), then checking it.

Every modelled table is copied in dependency order, in batches, with its ids;
PostgreSQL's id sequences are moved past the copied ids; the search index is
rebuilt on the target (each engine keeps its own kind). At the end each table's
rows are counted and checksummed on both sides, in primary-key order with
values normalised (times in UTC, JSON with sorted keys), so that a SQLite and a
PostgreSQL copy of one library agree.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.orm import Session

from sourcebox.db import search
from sourcebox.db.base import Base
from sourcebox.db.engine import Library
from sourcebox.errors import LibraryError

#: Rows per INSERT batch.
BATCH = 2000


@dataclass(frozen=True)
class TableCheck:
    """One table after a copy: rows and checksums on both sides."""

    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def ok(self) -> bool:
        """True when the copy holds the same rows as the source."""
        return (self.source_rows, self.source_checksum) == (self.target_rows, self.target_checksum)

    def to_json(self) -> dict[str, Any]:
        """The check as a JSON object."""
        return {
            "table": self.table,
            "source_rows": self.source_rows,
            "target_rows": self.target_rows,
            "source_checksum": self.source_checksum,
            "target_checksum": self.target_checksum,
            "ok": self.ok,
        }


def tables() -> list[Table]:
    """The library's tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def occupied(session: Session) -> list[str]:
    """The tables that hold rows."""
    return [
        table.name for table in tables() if session.scalar(select(func.count()).select_from(table))
    ]


def copy(source: Library, target: Library, *, force: bool = False) -> list[TableCheck]:
    """Copy every row of ``source`` into ``target`` (emptied first with ``force``); checks."""
    with source.session(readonly=True) as reader, target.session() as writer:
        held = occupied(writer)
        if held and not force:
            raise LibraryError(
                f"Cannot copy into {target.where}: it is not empty ({', '.join(held)} hold rows).",
                "Copy into a new, empty library, or add --force to replace everything it holds.",
            )
        if held:
            if target.dialect == "sqlite":
                writer.execute(text("DELETE FROM work_search"))
            for table in reversed(tables()):
                writer.execute(delete(table))
        for table in tables():
            rows = reader.execute(select(table).order_by(*table.primary_key.columns))
            for batch in rows.partitions(BATCH):
                writer.execute(insert(table), [dict(row._mapping) for row in batch])
        if target.dialect == "postgresql":
            _reset_sequences(writer)
        search.rebuild(writer)
    return verify(source, target)


def _reset_sequences(session: Session) -> None:
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].name != "id":
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def verify(source: Library, target: Library) -> list[TableCheck]:
    """Counts and checksums of every table on both sides."""
    with source.session(readonly=True) as left, target.session(readonly=True) as right:
        checks = []
        for table in tables():
            rows_a, sum_a = checksum(left, table)
            rows_b, sum_b = checksum(right, table)
            checks.append(TableCheck(table.name, rows_a, rows_b, sum_a, sum_b))
    return checks


def checksum(session: Session, table: Table) -> tuple[int, str]:
    """How many rows ``table`` holds and a SHA-256 of them, in primary-key order."""
    digest = hashlib.sha256()
    count = 0
    rows = session.execute(select(table).order_by(*table.primary_key.columns))
    for row in rows:
        values = [_normal(value) for value in row]
        digest.update(json.dumps(values, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return value
