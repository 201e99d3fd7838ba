"""A 10k-entry import killed with SIGKILL at random moments leaves all of it or none of it.

One full import is timed first; then each run copies an empty library, starts
``sourcebox import`` in a subprocess and kills it (SIGKILL, no clean-up) after a
seeded random delay drawn from that run's timeline: most inside the one write
transaction, some just before it (parsing) and some around its commit. After
every kill ``db check`` must pass and the library must hold 0 or all of the entries.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from crash_support import big_bibtex, watch, write_lock_held
from reliability_support import SOURCEBOX, record, subprocess_env

from sourcebox.db.engine import open_library

ENTRIES = 10_000
RUNS = int(os.environ.get("RELIABILITY_CRASH_RUNS", "20"))
SEED = 20261124


@pytest.fixture(scope="session")
def big_bib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "big.bib"
    big_bibtex(path, ENTRIES)
    return path


def _import(library: Path, bib: Path, home: Path) -> subprocess.Popen[bytes]:
    # Output to a file: a pipe nobody reads while the import runs would fill and stall it.
    args = ["--db", str(library), "import", str(bib), "--on-duplicate", "new", "--json"]
    with Path(f"{library}.out").open("wb") as out:
        return subprocess.Popen(
            [str(SOURCEBOX), *args],
            env=subprocess_env(home),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _state(sb, library: Path) -> tuple[str, int]:
    """``db check`` (its first line) and the number of works, through the CLI in-process."""
    check = sb("--db", str(library), "db", "check", ok=False)
    info = json.loads(sb("--db", str(library), "db", "info", "--json").stdout)
    return check.stdout.strip() if check.exit_code == 0 else check.output, info["works"]


def test_an_import_killed_at_random_moments_leaves_all_or_nothing(
    tmp_path, big_bib, sb, monkeypatch
):
    monkeypatch.setenv("SOURCEBOX_BACKUPS_DAILY", "0")  # the checks' own opens: no copies
    home = tmp_path / "home"
    template = tmp_path / "empty.db"
    open_library(f"sqlite:///{template}", tmp_path / "backups").close()

    # One full run: its length and when it takes the write lock set the kill window.
    first = tmp_path / "full.db"
    shutil.copyfile(template, first)
    process = _import(first, big_bib, home)
    timeline = watch(process, first)
    out = Path(f"{first}.out").read_text()
    assert process.returncode == 0, out[-2000:]
    assert json.loads(out)["imported"] == ENTRIES == _state(sb, first)[1]
    assert timeline.first_lock > 0, "the import never took the write lock"
    # Most kills inside the write transaction, some just before it and after it.
    writing = timeline.ended - timeline.first_lock
    low, high = timeline.first_lock - 0.15 * writing, timeline.ended + 0.05 * writing

    rng = random.Random(SEED)
    outcomes = {"none": 0, "all": 0}
    kills = {"before the write": 0, "during the write": 0, "after it ended": 0}
    started = time.monotonic()
    for run in range(RUNS):
        library = tmp_path / f"run{run}.db"
        shutil.copyfile(template, library)
        delay = rng.uniform(low, high)
        process = _import(library, big_bib, home)
        time.sleep(delay)
        if process.poll() is not None:
            kills["after it ended"] += 1
        else:
            writing = write_lock_held(library)
            process.send_signal(signal.SIGKILL)
            kills["during the write" if writing else "before the write"] += 1
        process.wait()
        check, works = _state(sb, library)
        assert check.startswith("ok:"), (run, delay, check)
        assert works in (0, ENTRIES), (run, delay, works)
        outcomes["all" if works else "none"] += 1
        for side in ("", "-wal", "-shm"):
            Path(f"{library}{side}").unlink(missing_ok=True)
    record(
        "crash: import killed",
        {
            "entries": ENTRIES,
            "runs": RUNS,
            "seed": SEED,
            "full_import_s": round(timeline.ended, 2),
            "write_lock_taken_at_s": round(timeline.first_lock, 2),
            "kill_window_s": [round(low, 2), round(high, 2)],
            "kills": kills,
            "library_after": outcomes,
            "db_check_ok": RUNS,
            "runs_total_s": round(time.monotonic() - started, 1),
        },
    )
    # A test of crashes needs crashes inside the transaction, not only around it.
    assert kills["during the write"] >= RUNS // 4, kills
