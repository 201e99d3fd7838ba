"""Keeping the search index: one row per work, rewritten when services say a work changed.

SQLite keeps it in FTS5, PostgreSQL in a table with a tsvector (``pg``); the
rows hold the same texts, so the checks below serve both.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import (
    BindParameter,
    Integer,
    bindparam,
    text,
)
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from sourcebox.db import bulk
from sourcebox.db.search import pg
from sourcebox.db.search.common import (
    CHUNK,
    REBUILD_HINT,
    SHOWN,
    chunks,
    is_postgresql,
    is_sqlite,
)

# ---------------------------------------------------------------------------
# Keeping the FTS5 index


def _joined(parts: Sequence[str], separator: str) -> str:
    """SQL for the non-empty ``parts`` joined by ``separator`` (no stray spaces)."""
    sql = parts[0]
    for part in parts[1:]:
        sql = f"{sql} || CASE WHEN {part} != '' THEN '{separator}' || {part} ELSE '' END"
    return f"ltrim({sql}, '{separator}')"


_CREATOR_NAME = (
    "CASE WHEN c.literal != '' THEN c.literal ELSE "
    + _joined(["c.given", "c.particle", "c.family", "c.suffix"], " ")
    + " END"
)

# One row per work, as the index stores it. Correlated subqueries use the
# (work_id, ...) primary keys and indexes, so a chunk costs a few index probes per work.
_INDEX_SELECT = f"""
SELECT w.id AS id, w.title AS title,
  coalesce((SELECT group_concat(name, '; ') FROM (
      SELECT {_CREATOR_NAME} AS name FROM work_creators wc
      JOIN creators c ON c.id = wc.creator_id
      WHERE wc.work_id = w.id ORDER BY wc.position)), '') AS creators,
  w.container_title AS container, w.abstract AS abstract, w.note AS note,
  coalesce((SELECT group_concat(body, ' / ') FROM (
      SELECT {_joined(["q.text", "q.comment"], " ")} AS body FROM quotes q
      WHERE q.work_id = w.id ORDER BY q.id)), '') AS quotes,
  coalesce((SELECT group_concat(name, '; ') FROM (
      SELECT t.name AS name FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
      WHERE wt.work_id = w.id ORDER BY t.name)), '') AS tags
FROM works w
"""

_PG_INDEX_SELECT = pg.index_select(_joined)

_INDEXED = ("title", "creators", "container", "abstract", "note", "quotes", "tags")

_INSERT = (
    "INSERT INTO work_search(rowid, title, creators, container, abstract, note, quotes, tags) "
    + _INDEX_SELECT
)

_IDS: BindParameter[int] = bindparam("ids", expanding=True, type_=Integer)
_DELETE_RANGE = text("DELETE FROM work_search WHERE rowid BETWEEN :low AND :high")
_INSERT_RANGE = text(_INSERT + " WHERE w.id BETWEEN :low AND :high")


def reindex(session: Session, work_ids: Collection[int]) -> None:
    """(Re)write the index rows of these works from the tables, in the caller's transaction."""
    if not work_ids:
        return
    if is_postgresql(session):
        session.flush()
        pg.delete(session, work_ids)
        pg.write(session, _PG_INDEX_SELECT, work_ids)
        return
    if not is_sqlite(session):
        return
    # Index rows are built by SQL from the tables: pending ORM changes must be there.
    session.flush()
    runs = bulk.id_runs(work_ids, CHUNK)
    if runs is not None:  # a bulk add's run of ids: two statements a run
        for low, high in runs:
            session.execute(_DELETE_RANGE, {"low": low, "high": high})
            session.execute(_INSERT_RANGE, {"low": low, "high": high})
        return
    delete = text("DELETE FROM work_search WHERE rowid IN :ids").bindparams(_IDS)
    insert = text(_INSERT + " WHERE w.id IN :ids").bindparams(_IDS)
    for chunk in chunks(work_ids):
        session.execute(delete, {"ids": chunk})
        session.execute(insert, {"ids": chunk})


def unindex(session: Session, work_ids: Collection[int]) -> None:
    """Drop the index rows of these works (call before deleting them)."""
    if work_ids and is_postgresql(session):
        pg.delete(session, work_ids)
    if not work_ids or not is_sqlite(session):
        return
    delete = text("DELETE FROM work_search WHERE rowid IN :ids").bindparams(_IDS)
    for chunk in chunks(work_ids):
        session.execute(delete, {"ids": chunk})


def rebuild(session: Session) -> int:
    """Rewrite the whole index from the tables; the number of rows it holds (0 if none kept)."""
    if is_postgresql(session):
        session.flush()
        session.execute(text("DELETE FROM work_search"))
        pg.write(session, _PG_INDEX_SELECT, None)
        session.execute(text("ANALYZE work_search"))
        return int(session.scalar(text("SELECT count(*) FROM work_search")) or 0)
    if not is_sqlite(session):
        return 0
    session.flush()
    # FTS5 deletes a row by tokenizing its stored text again: first make the index
    # agree with that text, so that even a damaged index is emptied cleanly.
    session.execute(text("INSERT INTO work_search(work_search) VALUES ('rebuild')"))
    session.execute(text("DELETE FROM work_search"))
    session.execute(text(_INSERT))
    # Merge the index into one b-tree: the fastest shape for queries after a bulk write.
    session.execute(text("INSERT INTO work_search(work_search) VALUES ('optimize')"))
    return int(session.scalar(text("SELECT count(*) FROM work_search")) or 0)


def check(session: Session) -> list[str]:
    """Problems with the index: damage, works missing from it, rows without a work, stale rows."""
    postgresql = is_postgresql(session)
    if not is_sqlite(session) and not postgresql:
        return []
    problems: list[str] = []
    if not postgresql:
        try:
            session.execute(text("INSERT INTO work_search(work_search) VALUES ('integrity-check')"))
        except DatabaseError as error:
            problems.append(f"the full-text index is damaged ({error.orig})" + REBUILD_HINT)
            return problems
    missing = list(
        session.scalars(
            text(
                "SELECT w.key FROM works w WHERE NOT EXISTS "
                "(SELECT 1 FROM work_search s WHERE s.rowid = w.id) ORDER BY w.key"
            )
        )
    )
    if missing:
        problems.append(
            f"{_count(len(missing), 'work')} missing from the index ({_some(missing)})"
            + REBUILD_HINT
        )
    orphans = list(
        session.scalars(
            text(
                "SELECT s.rowid FROM work_search s WHERE NOT EXISTS "
                "(SELECT 1 FROM works w WHERE w.id = s.rowid) ORDER BY s.rowid"
            )
        )
    )
    if orphans:
        problems.append(
            f"{_count(len(orphans), 'index row')} without a work "
            f"(rowid {_some([str(i) for i in orphans], quote=False)})" + REBUILD_HINT
        )
    fresh = _PG_INDEX_SELECT if postgresql else _INDEX_SELECT
    stale = list(
        session.scalars(
            text(
                "SELECT w.key FROM works w JOIN work_search s ON s.rowid = w.id "
                f"JOIN ({fresh}) AS fresh ON fresh.id = w.id "
                "WHERE "
                + " OR ".join(f"s.{name} != fresh.{name}" for name in _INDEXED)
                + " ORDER BY w.key"
            )
        )
    )
    if stale:
        problems.append(
            f"{_count(len(stale), 'work')} out of date in the index ({_some(stale)})" + REBUILD_HINT
        )
    return problems


def _count(n: int, noun: str) -> str:
    return f"1 {noun}" if n == 1 else f"{n} {noun}s"


def _some(names: Sequence[str], quote: bool = True) -> str:
    shown = ", ".join(f"'{n}'" if quote else n for n in names[:SHOWN])
    return shown + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")
