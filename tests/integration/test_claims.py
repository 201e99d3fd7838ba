"""Claims on a SQLite library hold across processes and end with their holder.

``sourcebox.db.claims`` locks one byte of ``<library>-claims`` per name. A
second process waits for the first to let go, a process killed while holding
a claim holds nothing, and other names do not wait.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sourcebox.db import claims

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX record locks")

_HOLDER = """
import sys, time
from pathlib import Path
from sourcebox.db import claims
with claims.claim(Path(sys.argv[1]), sys.argv[2]):
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
print("released", flush=True)
"""


def hold(library: Path, name: str, seconds: float) -> subprocess.Popen[str]:
    """A process holding the claim ``name`` for ``seconds`` (returned once it holds it)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(library), name, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_second_process_waits_for_the_claim(tmp_path):
    library = tmp_path / "lib.db"
    holder = hold(library, "archive https://example.org/", 1.5)
    start = time.monotonic()
    with claims.claim(library, "archive https://example.org/"):
        waited = time.monotonic() - start
    holder.wait(timeout=10)
    assert waited > 1.0, waited
    assert claims.claims_file(library).exists()


def test_a_claim_ends_with_a_killed_holder(tmp_path):
    library = tmp_path / "lib.db"
    holder = hold(library, "archive https://example.org/", 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    start = time.monotonic()
    with claims.claim(library, "archive https://example.org/"):
        assert time.monotonic() - start < 5


def test_other_names_do_not_wait(tmp_path):
    library = tmp_path / "lib.db"
    holder = hold(library, "archive https://example.org/a", 60)
    try:
        start = time.monotonic()
        with claims.claim(library, "archive https://example.org/b"):
            assert time.monotonic() - start < 5
    finally:
        holder.kill()
        holder.wait(timeout=10)
