"""Four processes on one library at once: nothing lost, and "database is locked" never shown.

Two write (one through the CLI, one through the services as the TUI does) and two
read (the CLI's list, show, export; the services' search in read-only sessions)
for RELIABILITY_CONCURRENCY_SECONDS (30 by default). Each writer logs every write
it was told had been committed; at the end every one is in the library, the
library holds nothing else, and no process met a single error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from concurrency_workers import SEEDED
from reliability_support import record, subprocess_env

from sourcebox.db.engine import open_library
from sourcebox.domain.model import Creator, Work
from sourcebox.services import library as library_service
from sourcebox.services.quotes import list_quotes
from sourcebox.services.works import add_works, count_works, get_work

SECONDS = float(os.environ.get("RELIABILITY_CONCURRENCY_SECONDS", "30"))
ROLES = ("cli-writer", "tui-writer", "cli-reader", "tui-reader")
WORKERS = Path(__file__).with_name("concurrency_workers.py")


def test_four_processes_at_once_lose_no_write_and_never_say_locked(tmp_path, library_url):
    # A SQLite file; on the PostgreSQL run (SOURCEBOX_TEST_PG_URL), a PostgreSQL schema.
    db = library_url
    library = open_library(db, tmp_path / "backups")
    try:
        with library.session() as session:
            add_works(
                session,
                [
                    Work(
                        type="book",
                        key=key,
                        title=f"Seed Work {key}",
                        creators=(Creator(family="Seeder", given="Ann"),),
                    )
                    for key in SEEDED
                ],
            )
    finally:
        library.close()

    processes = []
    for seed, role in enumerate(ROLES):
        out = tmp_path / f"{role}.json"
        with (tmp_path / f"{role}.log").open("wb") as log:
            processes.append(
                subprocess.Popen(
                    [sys.executable, str(WORKERS), role, "--db", db,
                     "--seconds", str(SECONDS), "--seed", str(seed), "--out", str(out)],
                    env=subprocess_env(tmp_path / "home"),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
    for process, role in zip(processes, ROLES, strict=True):
        code = process.wait(timeout=SECONDS + 180)
        assert code == 0, (role, (tmp_path / f"{role}.log").read_text()[-3000:])
    results = {role: json.loads((tmp_path / f"{role}.json").read_text()) for role in ROLES}

    errors = [f"{role}: {e}" for role, r in results.items() for e in r["errors"]]
    locked = [e for e in errors if "locked" in e or "busy" in e]
    writes = [(role, w) for role, r in results.items() for w in r["writes"]]
    kinds = Counter(w[0] for _, w in writes)
    record(
        "concurrency: four processes",
        {
            "seconds": SECONDS,
            "operations": {role: r["operations"] for role, r in results.items()},
            "writes": dict(kinds),
            "errors": len(errors),
            "locked_errors_shown": len(locked),
            "lock_waits": {role: r["lock"] for role, r in results.items()},
            "slowest_operation_s": {role: r["slowest_s"] for role, r in results.items()},
        },
    )
    assert locked == [] and errors == []
    assert kinds["add"] > 0 and kinds["quote"] > 0 and kinds["note"] > 0
    assert results["cli-reader"]["operations"] > 0 and results["tui-reader"]["operations"] > 0

    library = open_library(db, tmp_path / "backups")
    try:
        assert library_service.check(library).ok
        with library.session(readonly=True) as session:
            last_note: dict[str, str] = {}
            for _, (kind, key, value) in writes:
                work = get_work(session, key)
                if kind == "add":
                    assert work.title == value, (key, value)
                elif kind == "tag":
                    assert value in work.tags, (key, value)
                elif kind == "quote":
                    assert value in [q.text for q in work.quotes], (key, value)
                elif kind == "note":
                    last_note[key] = value
            for key, note in last_note.items():
                assert get_work(session, key).note == note, key
            # Nothing that a writer was told had failed got in either.
            assert count_works(session) == len(SEEDED) + kinds["add"]
            assert len(list_quotes(session)) == kinds["quote"]
    finally:
        library.close()
