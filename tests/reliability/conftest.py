"""Reliability tests: crashes, concurrent use, backups, migrations of real libraries.

The figures the long tests produce (runs, kills, writes, lock waits) are written to
``reliability-figures.json`` in pytest's base temporary folder and shown in the
terminal summary.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent):  # this folder's helpers; wayback_server in tests/
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from reliability_support import FIGURES  # noqa: E402


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
