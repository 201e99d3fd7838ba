"""Shared fixtures: every test gets its own SOURCEBOX_HOME, so no test touches a real library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sourcebox.cli import cli
from sourcebox.db.engine import Library, open_library


@pytest.fixture(autouse=True)
def sourcebox_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name in list(__import__("os").environ):
        if name.startswith("SOURCEBOX_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SOURCEBOX_HOME", str(home))
    return home


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = open_library(f"sqlite:///{tmp_path / 'lib.db'}", tmp_path / "backups")
    yield lib
    lib.close()


class Sourcebox:
    """Runs the CLI in-process on the test's library, like a user at a shell."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, ok: bool = True) -> Result:
        result = self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, (result.output, result.stderr)
        return result


@pytest.fixture
def sb() -> Sourcebox:
    return Sourcebox()
