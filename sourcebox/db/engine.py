"""Opening a library: the engine, SQLite pragmas, transactions that wait their turn, migrations.

Several processes may use one SQLite library at once (the TUI open while the CLI
imports). SQLite lets many read but one write at a time, so:

- every connection runs in WAL mode (readers never wait for the writer) with a
  busy timeout;
- a write session begins ``BEGIN IMMEDIATE``: it takes the write lock before its
  first read, so it can never find, half-way through, that another process wrote
  since it looked (SQLITE_BUSY_SNAPSHOT, the "database is locked" a busy timeout
  cannot cure). Waiting therefore happens only at BEGIN, where nothing has been
  done yet and retrying is safe: it is retried with a bounded, jittered back-off
  for up to ``LOCK_WAIT_LIMIT`` seconds, and every wait is counted (``LockStats``);
- read-only sessions (``readonly=True``) begin deferred and are refused any write.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from sourcebox.db import backups, claims, schema
from sourcebox.errors import LibraryError

# Kept importable from here: callers written before backups.py existed use these names.
backup_file = backups.backup_file
timestamped_backup = backups.timestamped_backup

#: SQLite's own wait for a lock inside one statement (reads during WAL recovery, say).
BUSY_TIMEOUT_MS = 10_000
#: How long a write transaction waits for the write lock, in all, before giving up.
LOCK_WAIT_LIMIT = 120.0
#: Execution option naming how a transaction begins: "deferred", "immediate", "readonly".
BEGIN_OPTION = "sourcebox_begin"
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


@dataclass
class LockStats:
    """How often write transactions found the write lock taken and how long they waited.

    Thread-safe; one per library, and ``PROCESS_LOCK_STATS`` adds up every library
    of the process (for tests and benchmarks that drive the CLI in-process).
    """

    transactions: int = 0  # write transactions begun
    waits: int = 0  # of them, how many found the lock taken at first
    retries: int = 0  # BEGIN attempts repeated after SQLITE_BUSY
    gave_up: int = 0  # transactions refused after LOCK_WAIT_LIMIT
    waited: float = 0.0  # seconds spent waiting, in all
    longest: float = 0.0  # the longest single wait
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record(self, retries: int, waited: float, gave_up: bool = False) -> None:
        """Count one write transaction that retried BEGIN ``retries`` times over ``waited`` s."""
        with self._lock:
            self.transactions += 1
            self.waits += 1 if retries else 0
            self.retries += retries
            self.gave_up += 1 if gave_up else 0
            self.waited += waited
            self.longest = max(self.longest, waited)

    def to_json(self) -> dict[str, Any]:
        """The counts as a JSON object."""
        with self._lock:
            return {
                "transactions": self.transactions,
                "waits": self.waits,
                "retries": self.retries,
                "gave_up": self.gave_up,
                "waited_s": round(self.waited, 3),
                "longest_wait_s": round(self.longest, 3),
            }


PROCESS_LOCK_STATS = LockStats()


def is_busy(error: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database table is locked" (SQLITE_BUSY/LOCKED)."""
    original = error.orig if isinstance(error, exc.DBAPIError) else error
    if not isinstance(original, sqlite3.OperationalError):
        return False
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return "locked" in str(original) or "busy" in str(original)


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


def _begin_handler(stats: LockStats) -> Any:
    def on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "deferred")
        fairy = connection.connection
        dbapi = fairy.dbapi_connection
        readonly = mode == "readonly"
        if fairy.info.get("query_only", False) != readonly:
            dbapi.execute(f"PRAGMA query_only = {'ON' if readonly else 'OFF'}")
            fairy.info["query_only"] = readonly
        if mode == "immediate":
            begin_immediate(dbapi, stats)
        else:
            dbapi.execute("BEGIN")

    return on_begin


def begin_immediate(
    dbapi: sqlite3.Connection, stats: LockStats, limit: float | None = None
) -> None:
    """``BEGIN IMMEDIATE``, retried with a jittered back-off while another writer holds the lock.

    SQLite's busy timeout is switched off for the attempt so that every wait is
    seen and counted here; after ``limit`` seconds (default ``LOCK_WAIT_LIMIT``)
    the last SQLITE_BUSY is raised.
    """
    limit = LOCK_WAIT_LIMIT if limit is None else limit
    dbapi.execute("PRAGMA busy_timeout = 0")
    started = time.monotonic()
    retries = 0
    delay = 0.002
    try:
        while True:
            try:
                dbapi.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                waited = time.monotonic() - started
                if not is_busy(error) or waited >= limit:
                    if is_busy(error):
                        for counter in (stats, PROCESS_LOCK_STATS):
                            counter.record(retries, waited, gave_up=True)
                    raise
                retries += 1
                time.sleep(min(delay * random.uniform(0.5, 1.5), max(0.0, limit - waited)))
                delay = min(delay * 1.5, 0.05)
    finally:
        dbapi.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    waited = time.monotonic() - started if retries else 0.0
    for counter in (stats, PROCESS_LOCK_STATS):
        counter.record(retries, waited)


def make_engine(url: str, stats: LockStats | None = None) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL, a busy timeout, counted lock waits."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _begin_handler(stats or LockStats()))
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Library:
    """An open library: an engine and session factories. The caller owns each session."""

    url: str
    engine: Engine
    path: Path | None
    migrated_from: str | None = None
    backup_path: Path | None = None
    daily_backup: Path | None = None
    backup_problem: str = ""
    lock_stats: LockStats = field(default_factory=LockStats)

    def __post_init__(self) -> None:
        writer = self.engine.execution_options(**{BEGIN_OPTION: "immediate"})
        reader = self.engine.execution_options(**{BEGIN_OPTION: "readonly"})
        self._writers = sessionmaker(writer, expire_on_commit=False)
        self._readers = sessionmaker(reader, expire_on_commit=False)

    @contextmanager
    def session(
        self, *, readonly: bool = False, info: Mapping[str, Any] | None = None
    ) -> Iterator[Session]:
        """One unit of work: commit when the block ends, roll back on any error.

        A write session waits (up to ``LOCK_WAIT_LIMIT`` s) for another writer to
        finish before its first statement; ``readonly=True`` never waits and refuses
        writes. ``info`` is copied into ``session.info`` for session event hooks.
        """
        factory = self._readers if readonly else self._writers
        with factory() as session:
            if info:
                session.info.update(info)
            try:
                yield session
                session.commit()
            except (exc.OperationalError, sqlite3.OperationalError) as error:
                # The begin hook raises the driver's own error, statements SQLAlchemy's.
                session.rollback()
                if is_busy(error):
                    raise self._busy_error(waited=isinstance(error, sqlite3.Error)) from error
                raise
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def claim(self, name: str) -> Iterator[None]:
        """Hold a lock named ``name`` across processes while the block runs.

        For work done outside any transaction that two users must not both do,
        such as submitting one URL to the Wayback Machine. On PostgreSQL it is a
        session advisory lock on a hash of the name: a second claimant waits until
        the first is done, and the lock ends with the connection if the holder dies.
        A SQLite file gets a record lock beside it (``sourcebox.db.claims``), which
        ends with the process; an in-memory library needs none.
        """
        if self.dialect != "postgresql":
            if self.path is None:
                yield
            else:
                with claims.claim(self.path, name):
                    yield
            return
        key = {"name": "sourcebox:" + name}
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SELECT pg_advisory_lock(hashtextextended(:name, 0))"), key)
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(hashtextextended(:name, 0))"), key
                )

    def _busy_error(self, waited: bool) -> LibraryError:
        how_long = f" for over {LOCK_WAIT_LIMIT:g} s" if waited else ""
        return LibraryError(
            f"The library {self.where} is busy: another program has been writing to it{how_long}.",
            "Nothing was changed; run the command again when it has finished.",
        )

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
    def where(self) -> str:
        """The library for messages: its file, or its URL without the password."""
        return str(self.path) if self.path else shown_url(self.url)

    @property
    def dialect(self) -> str:
        """The database dialect name: ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name


def open_library(
    url: str, backup_dir: Path, keep_backups: int = 10, daily_backups: int = 0
) -> Library:
    """Open (creating if need be) and migrate the library at ``url``.

    An older library is backed up, then migrated to head; if the migration fails the
    backup is put back. A library from a newer sourcebox is refused. With
    ``daily_backups`` > 0, the first open of a day backs the library up and keeps
    that many daily backups (a failure there is noted in ``backup_problem``, and
    does not stop the open).
    """
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
    stats = LockStats()
    engine = make_engine(url, stats)
    library = Library(url=url, engine=engine, path=path, lock_stats=stats)
    try:
        _migrate(library, backup_dir, keep_backups)
    except BaseException:
        engine.dispose()
        raise
    if path is not None and daily_backups > 0:
        try:
            library.daily_backup = backups.daily_backup(path, backup_dir, daily_backups)
        except (OSError, sqlite3.Error, LibraryError) as error:
            library.backup_problem = f"The daily backup into {backup_dir} failed: {error}."
    return library


def shown_url(url: str) -> str:
    """A database URL fit to print: any password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for an in-memory or server database."""
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
        if header and header != backups.SQLITE_HEADER:
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
            f"Cannot open the library {library.where}: {error.orig}.",
            "Check that it is a sourcebox library and that you may read it.",
        ) from error
    if revision == schema.HEAD:
        return
    if revision == "":
        raise LibraryError(
            f"{library.where} holds tables but is not a sourcebox library.",
            "Point --db at a sourcebox library or at a new file.",
        )
    if revision is not None and revision not in schema.REVISIONS:
        raise LibraryError(
            f"The library {library.where} was made by a newer sourcebox "
            f"(schema revision {revision}; this version knows up to {schema.HEAD}).",
            "Upgrade sourcebox to open it.",
        )
    if revision is not None and library.path is not None:
        library.backup_path = backups.timestamped_backup(
            library.path, backup_dir, "pre-migrate", keep
        )
    try:
        writer = library.engine.execution_options(**{BEGIN_OPTION: "immediate"})
        with writer.begin() as connection:
            # Another process may have migrated while this one waited for the lock.
            if schema.current_revision(connection) == schema.HEAD:
                return
            schema.upgrade(connection)
        library.migrated_from = revision
    except Exception as error:
        library.engine.dispose()
        # The driver's message, on one line: SQLAlchemy's adds the SQL and a link.
        detail = error.orig if isinstance(error, exc.DBAPIError) else error
        reason = " ".join(str(detail).split()).rstrip(".")
        if library.backup_path is not None and library.path is not None:
            backups.copy_into(library.backup_path, library.path)
            raise LibraryError(
                f"Migrating {library.path} from revision {revision} failed: {reason}.",
                f"The library was restored from the backup {library.backup_path}.",
            ) from error
        raise LibraryError(f"Creating the library {library.where} failed: {reason}.") from error
