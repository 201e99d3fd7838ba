"""The figures the robustness tests measure (sizes, times, counts), printed after the run."""

from __future__ import annotations

import pytest


class Figures:
    """Rows of (what, value) collected by the tests, for bench/README.md."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str]] = []

    def record(self, what: str, value: str) -> None:
        self.rows.append((what, value))


_FIGURES = Figures()


@pytest.fixture
def figures() -> Figures:
    return _FIGURES


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _FIGURES.rows:
        return
    terminalreporter.section("robustness figures")
    for what, value in _FIGURES.rows:
        terminalreporter.write_line(f"{what}: {value}")
