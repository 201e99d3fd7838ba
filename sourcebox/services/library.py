"""The library as a whole: open it from settings, describe it, check it, back it up, restore it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sourcebox.config import Settings, db_url_for
from sourcebox.db import admin, backups, copy, schema
from sourcebox.db.backups import BackupFile
from sourcebox.db.copy import TableCheck
from sourcebox.db.engine import Library, open_library, shown_url, sqlite_path
from sourcebox.errors import LibraryError


def open_from(settings: Settings) -> Library:
    """Open (create, migrate, back up once a day) the library the settings name."""
    return open_library(
        settings.db_url, settings.backup_dir, settings.backups_keep, settings.backups_daily
    )


@dataclass(frozen=True)
class CheckResult:
    """What ``db check`` found: the checks run and every problem."""

    checks: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no check found a problem."""
        return not self.problems


@dataclass(frozen=True)
class RestoreResult:
    """What ``db restore`` did: from where, into where, and where the replaced library went."""

    source: Path
    library: Path
    revision: str  # the revision of the restored file
    works: int
    replaced_backup: Path | None  # None when there was no library to keep
    replaced_broken: bool  # the replaced file was not a readable library
    migrated_to: str | None  # the head revision, when the restored file was older

    def to_json(self) -> dict[str, Any]:
        """The result as a JSON object."""
        return {
            "source": str(self.source),
            "library": str(self.library),
            "revision": self.revision,
            "works": self.works,
            "replaced_backup": str(self.replaced_backup) if self.replaced_backup else None,
            "replaced_broken": self.replaced_broken,
            "migrated_to": self.migrated_to,
        }


def info(library: Library) -> dict[str, Any]:
    """Where the library is, its schema revision, its size and what it holds."""
    with library.session(readonly=True) as session:
        stats = admin.stats(session)
    data: dict[str, Any] = {
        "url": shown_url(library.url),
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
    # A write session: FTS5's integrity check is spelled as an INSERT, so it needs
    # the write lock (read-only sessions refuse it).
    with library.session() as session:
        checks, problems = admin.check(session)
    return CheckResult(tuple(checks), tuple(problems))


def reindex(library: Library) -> int:
    """Rebuild the whole search index; returns how many works it holds."""
    with library.session() as session:
        return admin.reindex(session)


def _library_file(url: str, doing: str) -> Path:
    path = sqlite_path(url)
    if path is None and url.startswith("sqlite"):
        raise LibraryError(
            f"Cannot {doing} {url}: an in-memory library has no file.",
            "Use --db with a file path.",
        )
    if path is None:
        server = url.split(":", 1)[0]
        tools = "pg_dump and pg_restore" if server.startswith("postgres") else "its own tools"
        raise LibraryError(
            f"Cannot {doing} {shown_url(url)}: only SQLite library files are backed up and "
            "restored here.",
            f"Use your database server's tools ({tools}) for a {server} library.",
        )
    return path


def backup(library: Library, target: Path | None, backup_dir: Path) -> Path:
    """Copy the library (safe while it is in use) to ``target`` or a timestamped file."""
    path = _library_file(library.url, "back up")
    if target is None:
        target = backup_dir / backups.backup_name(path, "manual")
    elif target.is_dir():
        target = target / path.name
    return backups.backup_file(path, target)


def list_backups(settings: Settings) -> list[BackupFile]:
    """The backups of the settings' library in the backup folder, oldest first."""
    path = _library_file(settings.db_url, "list the backups of")
    return backups.list_backups(path, settings.backup_dir)


def find_backup(settings: Settings, name: str) -> Path:
    """``name`` as a path, else as the name of a file in the backup folder."""
    given = Path(name).expanduser()
    if given.exists() or given.is_absolute() or len(given.parts) > 1:
        return given
    in_folder = settings.backup_dir / name
    return in_folder if in_folder.exists() else given


def restore(settings: Settings, source: Path) -> RestoreResult:
    """Replace the settings' library with the library file ``source``, keeping the old one.

    ``source`` is checked first (a SQLite file, whole, a sourcebox library this
    version knows); nothing changes if it is not. The current library is then
    backed up (reason ``before-restore``) and ``source`` copied into it with the
    backup API, so a TUI that has it open keeps working. A library file SQLite
    cannot open at all is kept byte for byte and replaced. An older ``source`` is
    migrated afterwards, as opening it would.
    """
    path = _library_file(settings.db_url, "restore")
    facts = backups.inspect_library_file(source)
    if path.exists() and source.resolve() == path.resolve():
        raise LibraryError(
            f"Cannot restore {path} from itself.", "Give the path of a backup or another library."
        )
    kept, broken = backups.restore_into(source, path, settings.backup_dir, settings.backups_keep)
    migrated: str | None = None
    library = open_from(settings)
    try:
        if library.migrated_from is not None:
            migrated = schema.HEAD
    finally:
        library.close()
    return RestoreResult(source, path, facts.revision, facts.works, kept, broken, migrated)


def copy_library(
    source: str, target: str, settings: Settings, *, force: bool = False
) -> tuple[str, str, list[TableCheck]]:
    """Copy the library at ``source`` (a path or URL) into ``target``; names and checks.

    The target is created (or migrated) first; a non-empty one is refused
    unless ``force``. A failed check is a ``LibraryError`` naming the tables.
    """
    source_url, target_url = db_url_for(source), db_url_for(target)
    if source_url == target_url:
        raise LibraryError(f"Cannot copy {shown_url(source_url)} onto itself.")
    source_file = sqlite_path(source_url)
    if source_file is not None and not source_file.exists():
        raise LibraryError(f"Cannot copy {source}: there is no such file.")
    from_lib = open_library(source_url, settings.backup_dir, settings.backups_keep)
    try:
        to_lib = open_library(target_url, settings.backup_dir, settings.backups_keep)
        try:
            checks = copy.copy(from_lib, to_lib, force=force)
        finally:
            to_lib.close()
    finally:
        from_lib.close()
    bad = [c.table for c in checks if not c.ok]
    if bad:
        raise LibraryError(
            f"The copy in {shown_url(target_url)} differs from {shown_url(source_url)} "
            f"in {', '.join(bad)}.",
            "Run the copy again with --force; if it differs again, report it.",
        )
    return shown_url(source_url), shown_url(target_url), checks
