"""Opening a library: the engine, SQLite pragmas, session scopes, migration on open, backups."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

from sourcebox.db import schema
from sourcebox.errors import LibraryError

BUSY_TIMEOUT_MS = 10_000


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (the pysqlite
    # recipe in SQLAlchemy's docs), then set the pragmas every connection needs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Library:
    """An open library: an engine and a session factory. The caller owns each session."""

    url: str
    engine: Engine
    path: Path | None
    migrated_from: str | None = None
    backup_path: Path | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit when the block ends, roll back on any error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        """Refresh the query planner's statistics (cheaply, bounded), release connections."""
        if self.dialect == "sqlite":
            try:
                with self.engine.begin() as connection:
                    # SQLite's advice: run optimize before closing; analysis_limit
                    # keeps it to milliseconds even on a large library, and a short
                    # busy timeout means a reader never waits on another writer for it.
                    connection.exec_driver_sql("PRAGMA busy_timeout = 100")
                    connection.exec_driver_sql("PRAGMA analysis_limit = 400")
                    connection.exec_driver_sql("PRAGMA optimize")
            except exc.OperationalError:
                pass  # busy or read-only: statistics can wait for the next close
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        """The database dialect name: ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name


def backup_file(source: Path, target: Path) -> Path:
    """Copy a live SQLite library with SQLite's online backup API (safe while in use)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise LibraryError(
            f"Cannot back up to {target}: the file exists.", "Name a new file or remove it."
        )
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target


def timestamped_backup(source: Path, backup_dir: Path, reason: str, keep: int) -> Path:
    """Back up ``source`` into ``backup_dir`` with a timestamp; keep the newest ``keep``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{source.stem}-{stamp}-{reason}{source.suffix or '.db'}"
    backup_file(source, target)
    if keep > 0:
        olds = sorted(backup_dir.glob(f"{source.stem}-*-{reason}{source.suffix or '.db'}"))
        for old in olds[:-keep]:
            old.unlink(missing_ok=True)
    return target


def open_library(url: str, backup_dir: Path, keep_backups: int = 10) -> Library:
    """Open (creating if need be) and migrate the library at ``url``.

    An older library is backed up, then migrated to head; if the migration fails the
    backup is put back. A library from a newer sourcebox is refused.
    """
    path = _sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
    engine = make_engine(url)
    library = Library(url=url, engine=engine, path=path)
    try:
        _migrate(library, backup_dir, keep_backups)
    except BaseException:
        engine.dispose()
        raise
    return library


def _sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.endswith(":memory:"):
        return Path(url[len(prefix) :].split("?")[0])
    return None


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise LibraryError(f"Cannot open the library {path}: it is a directory.")
    if path.exists():
        with path.open("rb") as handle:
            header = handle.read(16)
        if header and header != b"SQLite format 3\x00":
            raise LibraryError(
                f"Cannot open the library {path}: it is not a SQLite database.",
                "Check the --db path or SOURCEBOX_DB.",
            )
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryError(
            f"Cannot create the library {path}: {error.strerror}.",
            "Choose a writable location with --db or SOURCEBOX_DB.",
        ) from error


def _migrate(library: Library, backup_dir: Path, keep: int) -> None:
    try:
        with library.engine.connect() as connection:
            revision = schema.current_revision(connection)
    except exc.DatabaseError as error:
        raise LibraryError(
            f"Cannot open the library {library.path or library.url}: {error.orig}.",
            "Check that it is a sourcebox library and that you may read it.",
        ) from error
    if revision == schema.HEAD:
        return
    if revision == "":
        raise LibraryError(
            f"{library.path or library.url} holds tables but is not a sourcebox library.",
            "Point --db at a sourcebox library or at a new file.",
        )
    if revision is not None and revision not in schema.REVISIONS:
        raise LibraryError(
            f"The library {library.path or library.url} was made by a newer sourcebox "
            f"(schema revision {revision}; this version knows up to {schema.HEAD}).",
            "Upgrade sourcebox to open it.",
        )
    if revision is not None and library.path is not None:
        library.backup_path = timestamped_backup(library.path, backup_dir, "pre-migrate", keep)
    library.migrated_from = revision
    try:
        with library.engine.begin() as connection:
            schema.upgrade(connection)
    except Exception as error:
        if library.backup_path is not None and library.path is not None:
            library.engine.dispose()
            shutil.copyfile(library.backup_path, library.path)
            for side in ("-wal", "-shm"):
                Path(str(library.path) + side).unlink(missing_ok=True)
            raise LibraryError(
                f"Migrating {library.path} from revision {revision} failed: {error}.",
                f"The library was restored from the backup {library.backup_path}.",
            ) from error
        raise LibraryError(
            f"Creating the library {library.path or library.url} failed: {error}."
        ) from error
