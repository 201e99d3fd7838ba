"""Golden files: the Chicago quick-guide examples, for both styles, exactly."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from cite_helpers import GOLDEN, golden_works, marked

from sourcebox.cite import bibliography_entry, full_note, get_style, short_note


@dataclass(frozen=True)
class Case:
    style: str
    work: str
    form: str
    locator: str
    expected: str

    @property
    def id(self) -> str:
        return f"{self.style} {self.work} {self.form}"


def _cases(style: str) -> list[Case]:
    cases: list[Case] = []
    header: list[str] | None = None
    for line in (GOLDEN / f"{style}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            header = [part.strip() for part in line[3:].split("|")]
        elif header is not None and line.strip() and not line.startswith("#"):
            cases.append(Case(style, header[0], header[1], header[2], line))
            header = None
    return cases


def _known_failures() -> dict[str, str]:
    failures = {}
    for line in (GOLDEN / "known-failures.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            style, work, form, reason = line.split(maxsplit=3)
            failures[f"{style} {work} {form}"] = reason
    return failures


CASES = _cases("chicago-notes-17") + _cases("chicago-notes")
KNOWN = _known_failures()
WORKS = golden_works()


def test_the_golden_files_are_complete():
    assert len(_cases("chicago-notes-17")) == len(_cases("chicago-notes")) >= 50
    assert {c.work for c in CASES} == set(WORKS)
    assert set(KNOWN) <= {c.id for c in CASES}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(reason=KNOWN[c.id], strict=True))
        if c.id in KNOWN
        else c
        for c in CASES
    ],
    ids=lambda c: c.id,
)
def test_golden(case: Case):
    work = WORKS[case.work]
    style = get_style(case.style)
    locator = case.locator or None
    form = case.form.rstrip("^")
    if form == "note":
        got = marked(full_note(work, locator, style=style))
    elif form == "short":
        got = marked(short_note(work, locator, style=style))
    else:
        got = marked(bibliography_entry(work, style=style))
    if case.form.endswith("^"):
        assert got.startswith(case.expected)
    else:
        assert got == case.expected
