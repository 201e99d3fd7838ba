"""Reliability tests: crashes, concurrent use, backups, migrations of real libraries.

The figures the long tests produce (runs, kills, writes, lock waits) are collected
in ``FIGURES``, written to ``reliability-figures.json`` in pytest's base temporary
folder and shown in the terminal summary.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))  # for wayback_server (see tests/integration/archive)

ROOT = TESTS.parent
SOURCEBOX = Path(sys.executable).with_name("sourcebox")
FIGURES: dict[str, Any] = {}


def subprocess_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a sourcebox subprocess: no SOURCEBOX_* from outside, its own home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOURCEBOX_")}
    env["SOURCEBOX_HOME"] = str(home)
    env.update(extra)
    return env


def record(name: str, data: dict[str, Any]) -> None:
    """Keep a test's figures for the summary (and print them, for ``-s``)."""
    FIGURES[name] = data
    print(f"\n{name}: {json.dumps(data, sort_keys=True)}")


@pytest.fixture(scope="session", autouse=True)
def _write_figures(tmp_path_factory: pytest.TempPathFactory) -> Any:
    yield
    if FIGURES:
        target = tmp_path_factory.getbasetemp() / "reliability-figures.json"
        target.write_text(json.dumps(FIGURES, indent=2, sort_keys=True) + "\n")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("reliability figures")
        for name, data in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {json.dumps(data, sort_keys=True)}")
