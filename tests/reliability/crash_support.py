"""Helpers for the crash tests: a 10k-entry BibTeX file from the corpora, a write-lock probe.

Test code only.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sourcebox.interchange.formats import read

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
_HEAD = re.compile(r"^@(\w+)\s*([{(])\s*([^,\s]*)\s*,", re.M)
_NOT_ENTRIES = ("string", "preamble", "comment")


def _blocks(text: str) -> Iterator[str]:
    starts = [m.start() for m in re.finditer(r"^@", text, re.M)] + [len(text)]
    for start, end in itertools.pairwise(starts):
        yield text[start:end]


def big_bibtex(target: Path, entries: int) -> int:
    """Write ``entries`` entries of the corpora, repeated under fresh keys; returns the count.

    The @string definitions come first; entries that sourcebox's reader refuses
    (the corpora hold a few broken ones, on purpose) are left out, so that a whole
    import takes every entry.
    """
    macros: list[str] = []
    pool: list[str] = []
    for path in sorted(CORPORA.glob("*.bib")):
        for block in _blocks(path.read_text(encoding="utf-8", errors="replace")):
            head = _HEAD.match(block)
            kind = block[1:].split("{", 1)[0].split("(", 1)[0].strip().lower()
            (macros if head is None or kind in _NOT_ENTRIES else pool).append(block)
    result = read("".join(macros + pool), "bibtex", file="pool.bib")
    bad_keys = {p.key for p in result.problems if p.severity == "error" and p.key}
    pool = [b for b in pool if (m := _HEAD.match(b)) is not None and m.group(3) not in bad_keys]
    out = list(macros)
    for index in range(entries):
        head = _HEAD.match(pool[index % len(pool)])
        assert head is not None
        kind, bracket, key = head.groups()
        out.append(f"@{kind}{bracket}{key}-c{index}," + pool[index % len(pool)][head.end() :])
    target.write_text("".join(out), encoding="utf-8")
    return entries


def write_lock_held(path: Path) -> bool:
    """True when another connection holds the library's write lock (a write transaction is open)."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return True
        raise
    finally:
        connection.close()


@dataclass
class Timeline:
    """When, after its start, a process first held the write lock and when it ended."""

    first_lock: float
    ended: float


def watch(process: subprocess.Popen[bytes], library: Path, every: float = 0.01) -> Timeline:
    """Probe the write lock until ``process`` exits."""
    started = time.monotonic()
    first_lock = -1.0
    while process.poll() is None:
        if first_lock < 0 and library.exists() and write_lock_held(library):
            first_lock = time.monotonic() - started
        time.sleep(every)
    return Timeline(first_lock, time.monotonic() - started)
