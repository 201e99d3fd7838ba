"""Transactions on one library from many threads: writers wait their turn, readers never wait."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from sourcebox.db import engine as engine_module
from sourcebox.db.engine import Library, open_library
from sourcebox.errors import LibraryError


@pytest.fixture
def two(tmp_path: Path):
    """One library opened twice, as two processes would (separate engines and pools)."""
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    first = open_library(url, tmp_path / "backups")
    second = open_library(url, tmp_path / "backups")
    with first.session() as session:
        session.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        session.execute(text("INSERT INTO counter VALUES (0)"))
    yield first, second
    first.close()
    second.close()


def _hold_write_lock(library: Library, seconds: float, holding: threading.Event) -> None:
    with library.session() as session:
        session.execute(text("UPDATE counter SET n = n + 1000"))
        holding.set()
        time.sleep(seconds)


def test_read_modify_write_from_many_threads_loses_nothing(two):
    # Each increment reads, then writes: in a deferred transaction two of them
    # could read the same value, and the second writer would fail with
    # SQLITE_BUSY_SNAPSHOT ("database is locked") or lose an update.
    first, second = two
    errors: list[BaseException] = []

    def bump(library: Library) -> None:
        try:
            for _ in range(40):
                with library.session() as session:
                    n = session.execute(text("SELECT n FROM counter")).scalar_one()
                    session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=bump, args=(lib,)) for lib in (first, second) * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with first.session(readonly=True) as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 6 * 40
    stats = [lib.lock_stats.to_json() for lib in (first, second)]
    assert sum(s["transactions"] for s in stats) >= 240
    assert sum(s["gave_up"] for s in stats) == 0


def test_a_writer_waits_for_the_lock_and_the_wait_is_counted(two):
    first, second = two
    holding = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(first, 0.4, holding))
    holder.start()
    holding.wait(5)
    started = time.monotonic()
    with second.session() as session:
        session.execute(text("UPDATE counter SET n = n + 1"))
    waited = time.monotonic() - started
    holder.join()
    assert waited >= 0.2
    stats = second.lock_stats.to_json()
    assert stats["waits"] == 1 and stats["retries"] >= 1 and stats["longest_wait_s"] >= 0.2
    with second.session(readonly=True) as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 1001


def test_a_reader_never_waits_for_a_writer_and_may_not_write(two):
    first, second = two
    holding = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(first, 1.0, holding))
    holder.start()
    holding.wait(5)
    started = time.monotonic()
    with second.session(readonly=True) as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 0  # last commit
    assert time.monotonic() - started < 0.5
    holder.join()
    with pytest.raises(Exception, match="readonly"), second.session(readonly=True) as session:
        session.execute(text("UPDATE counter SET n = 5"))
    with second.session() as session:  # the pooled connection is writable again
        session.execute(text("UPDATE counter SET n = n + 1"))


def test_a_writer_that_waits_too_long_gets_a_clear_error_and_changes_nothing(two, monkeypatch):
    first, second = two
    monkeypatch.setattr(engine_module, "LOCK_WAIT_LIMIT", 0.3)
    holding = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(first, 1.0, holding))
    holder.start()
    holding.wait(5)
    with pytest.raises(LibraryError) as caught, second.session() as session:
        session.execute(text("UPDATE counter SET n = -1"))
    holder.join()
    message = str(caught.value)
    assert "is busy: another program has been writing to it for over 0.3 s" in message
    assert "Nothing was changed" in message and "locked" not in message
    assert second.lock_stats.gave_up == 1
    with second.session(readonly=True) as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 1000
