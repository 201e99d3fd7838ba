"""Backups of SQLite libraries: online copies, timestamped and rotated, daily, and restore.

SQLite only. Every copy goes through SQLite's online backup API, so it is a
consistent snapshot and safe while other processes read and write the library;
restoring copies INTO the live file the same way, so connections that other
processes hold stay valid. Knows nothing of settings, the CLI or SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sourcebox.db import schema
from sourcebox.errors import LibraryError

SQLITE_HEADER = b"SQLite format 3\x00"
STAMP = "%Y%m%dT%H%M%S%fZ"
#: Partial copies left by a killed backup are removed once they are this old.
STALE_PARTIAL_SECONDS = 3600.0
#: Why a backup was made; each kind is rotated on its own.
REASONS = ("pre-migrate", "daily", "before-restore", "manual")


@dataclass(frozen=True)
class BackupFile:
    """One backup of a library in the backup folder."""

    path: Path
    reason: str
    taken_at: datetime
    size: int

    def to_json(self) -> dict[str, object]:
        """The backup as a JSON object."""
        return {
            "path": str(self.path),
            "reason": self.reason,
            "taken_at": self.taken_at.isoformat(),
            "size_bytes": self.size,
        }


@dataclass(frozen=True)
class LibraryFacts:
    """What a checked library file holds: its schema revision and how many works."""

    path: Path
    revision: str
    works: int


def sqlite_uri(path: Path, *, immutable: bool = False) -> str:
    """A read-only ``file:`` URI for ``path`` (percent-encoded: spaces, ``?`` and ``#`` are safe).

    ``immutable`` reads the file without locks or side files; only for a file no
    process is using (a backup, or a library with no -wal beside it).
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def source_uri(path: Path) -> str:
    """A read-only URI for a library that no process seems to use (no -wal or -shm beside it).

    Such a file is read as immutable, which leaves no side files beside it (a backup
    on a read-only disk can be read too); a file in use is read with locks.
    """
    in_use = any(Path(str(path) + side).exists() for side in ("-wal", "-shm"))
    return sqlite_uri(path, immutable=not in_use)


def backup_prefix(library: Path) -> str:
    """The name part shared by a library's backups: its stem and a digest of its path.

    Two libraries called ``library.db`` in different folders keep apart backups
    and apart rotations in one backup folder.
    """
    digest = hashlib.sha1(str(library.resolve()).encode()).hexdigest()[:6]
    return f"{library.stem}-{digest}"


def backup_name(library: Path, reason: str, when: datetime | None = None) -> str:
    """The file name of a backup of ``library`` made now (or ``when``) for ``reason``."""
    stamp = (when or datetime.now(UTC)).astimezone(UTC).strftime(STAMP)
    return f"{backup_prefix(library)}-{stamp}-{reason}.db"


def backup_file(source: Path, target: Path) -> Path:
    """Copy a live SQLite library with the online backup API (safe while it is in use).

    The copy is written beside ``target``, synced to disk and renamed into place, so
    a crash never leaves a half-written file under the final name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise LibraryError(
            f"Cannot back up to {target}: the file exists.", "Name a new file or remove it."
        )
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _copy(sqlite_uri(source), partial)
    _fsync(partial)
    partial.replace(target)
    _fsync_dir(target.parent)
    return target


def _copy(uri: str, target: Path) -> None:
    src = sqlite3.connect(uri, uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def timestamped_backup(
    source: Path, backup_dir: Path, reason: str, keep: int, when: datetime | None = None
) -> Path:
    """Back up ``source`` into ``backup_dir`` under a timestamped name; keep the newest ``keep``.

    ``keep`` 0 keeps every backup of this kind.
    """
    target = backup_dir / backup_name(source, reason, when)
    backup_file(source, target)
    if keep > 0:
        rotate(source, backup_dir, reason, keep)
    return target


def list_backups(library: Path, backup_dir: Path, reason: str | None = None) -> list[BackupFile]:
    """The backups of ``library`` in ``backup_dir`` (of one ``reason``, or all), oldest first."""
    pattern = re.compile(re.escape(backup_prefix(library)) + r"-(\d{8}T\d{12}Z)-([a-z-]+)\.db")
    found = []
    try:
        names = [entry.name for entry in backup_dir.iterdir()]
    except FileNotFoundError:
        return []
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or (reason is not None and match.group(2) != reason):
            continue
        path = backup_dir / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:  # rotated away by another process meanwhile
            continue
        taken = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
        found.append(BackupFile(path, match.group(2), taken, size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name))


def rotate(library: Path, backup_dir: Path, reason: str, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups of one kind, and stale partial copies."""
    removed = []
    for old in list_backups(library, backup_dir, reason)[:-keep]:
        for side in ("", "-wal", "-shm"):  # side files appear when a backup was opened
            Path(str(old.path) + side).unlink(missing_ok=True)
        removed.append(old.path)
    limit = time.time() - STALE_PARTIAL_SECONDS
    for partial in backup_dir.glob(f"{backup_prefix(library)}-*-{reason}.db.partial"):
        try:
            if partial.stat().st_mtime < limit:
                partial.unlink()
                removed.append(partial)
        except FileNotFoundError:
            continue
    return removed


def daily_backup(
    library: Path, backup_dir: Path, keep: int, now: datetime | None = None
) -> Path | None:
    """On the first open of a (local) day, back up ``library``; keep the newest ``keep``.

    The check is cheap: the newest daily backup's name holds its date. Returns the
    new backup, or None when one was already made today (or ``keep`` is 0).
    """
    if keep <= 0 or not library.exists():
        return None
    moment = (now or datetime.now(UTC)).astimezone()
    dailies = list_backups(library, backup_dir, "daily")
    if dailies and dailies[-1].taken_at.astimezone(moment.tzinfo).date() == moment.date():
        return None
    return timestamped_backup(library, backup_dir, "daily", keep, moment)


def inspect_library_file(path: Path) -> LibraryFacts:
    """Check that ``path`` is a whole sourcebox library; LibraryError says what is wrong.

    Checks the SQLite header, ``PRAGMA integrity_check``, and a schema revision this
    sourcebox knows (an older one is fine: it is migrated when opened).
    """
    if not path.is_file():
        raise LibraryError(
            f"Cannot restore from {path}: there is no such file.",
            "Give the path of a backup ('sourcebox db backups' lists them).",
        )
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise LibraryError(
            f"Cannot restore from {path}: it is not a SQLite database.",
            "Give the path of a sourcebox library or backup; nothing was changed.",
        )
    try:
        connection = sqlite3.connect(source_uri(path), uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            revision = works = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = str(row[0]) if row else None
            if "works" in tables:
                works = int(connection.execute("SELECT count(*) FROM works").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise LibraryError(
            f"Cannot restore from {path}: SQLite cannot read it ({error}).",
            "The file is damaged; pick another backup. Nothing was changed.",
        ) from error
    if problems != ["ok"]:
        # A row may hold several lines, the first naming the database: keep real ones.
        lines = [
            line.strip()
            for row in problems
            for line in str(row).splitlines()
            if line.strip() and not line.startswith("***")
        ] or ["no detail"]
        more = f" and {len(lines) - 1} more" if len(lines) > 1 else ""
        raise LibraryError(
            f"Cannot restore from {path}: the integrity check failed ({lines[0]}{more}).",
            "The file is damaged; pick another backup. Nothing was changed.",
        )
    if revision is None or works is None:
        raise LibraryError(
            f"Cannot restore from {path}: it is a SQLite database but not a sourcebox library.",
            "Give the path of a sourcebox library or backup; nothing was changed.",
        )
    if revision not in schema.REVISIONS:
        raise LibraryError(
            f"Cannot restore from {path}: it was made by a newer sourcebox "
            f"(schema revision {revision}; this version knows up to {schema.HEAD}).",
            "Upgrade sourcebox first; nothing was changed.",
        )
    return LibraryFacts(path, revision, works)


def restore_into(
    source: Path, library: Path, backup_dir: Path, keep: int
) -> tuple[Path | None, bool]:
    """Put a checked library file ``source`` in place of ``library``, keeping the old one.

    The old library is backed up first (reason ``before-restore``; byte for byte
    when SQLite cannot read it). Returns that backup (None when there was no
    library) and whether the old file was unreadable (and so replaced whole).
    """
    kept: Path | None = None
    broken = False
    if library.exists() and library.stat().st_size > 0:
        try:
            kept = timestamped_backup(library, backup_dir, "before-restore", keep)
        except sqlite3.DatabaseError:
            broken = True
            kept = raw_copy(library, backup_dir / backup_name(library, "before-restore"))
        if not broken:
            try:
                copy_into(source, library)
            except sqlite3.DatabaseError:
                broken = True
    if broken or not library.exists() or library.stat().st_size == 0:
        library.parent.mkdir(parents=True, exist_ok=True)
        replace_file(source, library)
    return kept, broken


def copy_into(source: Path, target: Path) -> None:
    """Replace the contents of the library ``target`` with ``source``, in one transaction.

    Uses the backup API from ``source`` into ``target``: processes that have
    ``target`` open keep valid connections and see the new contents on their next
    transaction. Raises sqlite3.DatabaseError when ``target`` is not a readable
    SQLite file (see ``replace_file``).
    """
    src = sqlite3.connect(source_uri(source), uri=True)
    try:
        dst = sqlite3.connect(target, timeout=30.0)
        try:
            dst.execute("PRAGMA journal_mode").fetchone()  # fails on a non-database
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def replace_file(source: Path, target: Path) -> None:
    """Put a copy of ``source`` in place of an unreadable ``target`` file, atomically.

    For a target that SQLite cannot open at all (so ``copy_into`` is impossible):
    the copy is written beside it, synced, its stale -wal and -shm removed (SQLite
    would otherwise replay the old journal onto the new file), then renamed over it.
    """
    temporary = target.with_name(f".{target.name}.restoring")
    temporary.unlink(missing_ok=True)
    _copy(source_uri(source), temporary)
    _fsync(temporary)
    for side in ("-wal", "-shm", "-journal"):
        Path(str(target) + side).unlink(missing_ok=True)
    temporary.replace(target)
    _fsync_dir(target.parent)


def raw_copy(source: Path, target: Path) -> Path:
    """Copy a file SQLite cannot read (and its -wal) byte for byte; for keeping a broken library."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    wal = Path(str(source) + "-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(target) + "-wal"))
    _fsync(target)
    return target


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return  # not every platform opens directories; the rename is still atomic
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
