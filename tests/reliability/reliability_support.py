"""Shared by the reliability tests: paths, a clean environment for subprocesses, figures.

A module of its own name (not conftest): the tests folders have no __init__.py, so
two modules called conftest would shadow each other when imported by name.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
SOURCEBOX = Path(sys.executable).with_name("sourcebox")
#: Figures the long tests produce; conftest writes them out and shows them in the summary.
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
