"""Names shared by index upkeep and query runs: the index table, chunking, dialect tests."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from sqlalchemy import (
    Integer,
    column,
    table,
)
from sqlalchemy.orm import Session

SORTS: tuple[str, ...] = ("relevance", "year", "title", "added", "key")

# Ids per statement: well under SQLite's bound-parameter limit, large enough to amortise.
CHUNK = 500
# Problems listed by name in check(); the rest are counted.
SHOWN = 5
REBUILD_HINT = "; rebuild the index"

# The FTS5 table as SQLAlchemy sees it; the column named like the table takes MATCH.
fts_table = table("work_search", column("rowid", Integer), column("rank"), column("work_search"))
# The same table on PostgreSQL (migration 0005): the work's id and its tsvector.
pg_table = table("work_search", column("rowid", Integer), column("document"))

# Query field -> FTS5 column.
FTS_COLUMNS: dict[str, str] = {
    "author": "creators",
    "title": "title",
    "container": "container",
    "abstract": "abstract",
    "note": "note",
    "quote": "quotes",
}


def is_sqlite(session: Session) -> bool:
    """True when the session's database is SQLite (FTS5 available)."""
    return session.get_bind().dialect.name == "sqlite"


def is_postgresql(session: Session) -> bool:
    """True when the session's database is PostgreSQL (its own full-text search)."""
    return session.get_bind().dialect.name == "postgresql"


def chunks(ids: Collection[int]) -> Iterator[list[int]]:
    """The distinct ids, sorted, in lists of at most ``CHUNK``."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]
