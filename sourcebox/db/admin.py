"""Whole-library queries: counts, integrity and foreign-key checks, schema revision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from sourcebox.db import schema, search
from sourcebox.db.models import CreatorRow, QuoteRow, SnapshotRow, TagRow, WorkRow


def stats(session: Session) -> dict[str, Any]:
    """Counts of everything, the schema revision and, for SQLite, the journal mode."""
    connection = session.connection()
    data: dict[str, Any] = {"revision": schema.current_revision(connection)}
    for name, model in (
        ("works", WorkRow),
        ("creators", CreatorRow),
        ("tags", TagRow),
        ("quotes", QuoteRow),
        ("snapshots", SnapshotRow),
    ):
        data[name] = int(session.scalar(select(func.count()).select_from(model)) or 0)
    if connection.dialect.name == "sqlite":
        data["journal_mode"] = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        data["sqlite_version"] = connection.exec_driver_sql("select sqlite_version()").scalar()
    return data


def reindex(session: Session) -> int:
    """Rebuild the search index from the tables; returns its row count."""
    return search.rebuild(session)


def check(session: Session) -> tuple[list[str], list[str]]:
    """Run every check; returns (checks run, problems found)."""
    connection = session.connection()
    checks: list[str] = []
    problems: list[str] = []
    if connection.dialect.name == "sqlite":
        checks.append("integrity")
        rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.extend(f"integrity: {row}" for row in rows)
        checks.append("foreign keys")
        for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points at a missing {parent} row")
    checks.append("schema revision")
    revision = schema.current_revision(connection)
    if revision != schema.HEAD:
        problems.append(f"schema: revision {revision!r}, expected {schema.HEAD!r}")
    checks.append("search index")
    problems.extend(f"search index: {p}" for p in search.check(session))
    checks.append("creator order")
    gaps = session.execute(
        text(
            "SELECT w.key FROM work_creators wc JOIN works w ON w.id = wc.work_id "
            "GROUP BY wc.work_id, w.key HAVING max(wc.position) + 1 != count(*)"
        )
    ).scalars()
    problems.extend(f"creators: work '{key}' has gaps in its creator order" for key in gaps)
    return checks, problems
