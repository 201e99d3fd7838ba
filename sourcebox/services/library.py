"""The library as a whole: open it from settings, describe it, check it, back it up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sourcebox.config import Settings
from sourcebox.db import admin, schema
from sourcebox.db.engine import Library, backup_file, open_library
from sourcebox.errors import LibraryError


def open_from(settings: Settings) -> Library:
    """Open (create, migrate) the library the settings name."""
    return open_library(settings.db_url, settings.backup_dir, settings.backups_keep)


@dataclass(frozen=True)
class CheckResult:
    """What ``db check`` found: the checks run and every problem."""

    checks: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no check found a problem."""
        return not self.problems


def info(library: Library) -> dict[str, Any]:
    """Where the library is, its schema revision, its size and what it holds."""
    with library.session() as session:
        stats = admin.stats(session)
    data: dict[str, Any] = {
        "url": library.url,
        "path": str(library.path) if library.path else None,
        "dialect": library.dialect,
        "revision": stats.pop("revision"),
        "head": schema.HEAD,
        "size_bytes": library.path.stat().st_size if library.path else None,
    }
    data.update(stats)
    if library.migrated_from is not None:
        data["migrated_from"] = library.migrated_from
    return data


def check(library: Library) -> CheckResult:
    """Integrity, foreign keys, schema revision and search index: every problem found."""
    with library.session() as session:
        checks, problems = admin.check(session)
    return CheckResult(tuple(checks), tuple(problems))


def reindex(library: Library) -> int:
    """Rebuild the whole search index; returns how many works it holds."""
    with library.session() as session:
        return admin.reindex(session)


def backup(library: Library, target: Path | None, backup_dir: Path) -> Path:
    """Copy the library (safe while it is in use) to ``target`` or a timestamped file."""
    if library.path is None:
        raise LibraryError(
            f"Cannot back up {library.url}: only SQLite libraries are backed up here.",
            "Use your database server's own backup tools (pg_dump for PostgreSQL).",
        )
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = backup_dir / f"{library.path.stem}-{stamp}-manual{library.path.suffix or '.db'}"
    elif target.is_dir():
        target = target / library.path.name
    return backup_file(library.path, target)
