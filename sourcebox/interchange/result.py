"""What every reader returns: records that were read and problems met on the way. Pure: no I/O.

A ``Problem`` with severity ``"error"`` means a block (entry, item, record) was not
imported; ``"warning"`` means it was imported and something in it was kept aside
(in ``extra``) or could not be linked. Nothing is dropped without a problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sourcebox.domain.model import Work

Severity = Literal["error", "warning"]

#: How much of a failed block a problem quotes.
RAW_LIMIT = 240


@dataclass(frozen=True)
class Problem:
    """Something a reader could not read as written.

    ``line`` is 1-based; ``index`` is the 0-based position of an item in a JSON
    array; ``offset`` the 0-based byte offset of an encoding error; ``raw`` the
    start of the offending block, as written.
    """

    kind: str
    message: str
    file: str = ""
    line: int | None = None
    key: str = ""
    severity: Severity = "error"
    raw: str = ""
    field: str = ""
    index: int | None = None
    offset: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p not in ("", None))
        if self.index is not None and self.line is None:
            where += f"{'' if not where else ' '}item {self.index}"
        key = f" [{self.key}]" if self.key else ""
        # One line whatever the file held (a key read across lines, say): front ends
        # print a problem per line.
        return _one_line(f"{where or '<input>'}{key}: {self.severity}: {self.message}")

    def to_json(self) -> dict[str, Any]:
        """The problem as a JSON object (empty parts left out)."""
        data: dict[str, Any] = {"kind": self.kind, "severity": self.severity}
        for name in ("file", "line", "key", "field", "index", "offset", "message", "raw"):
            value = getattr(self, name)
            if value not in ("", None):
                data[name] = value
        return data


@dataclass(frozen=True)
class Record:
    """A work read from a file, with where it came from.

    ``crossref`` is the key of the entry this one cross-references (BibTeX), as
    found in the same file, or as written when the parent was not in the file.
    """

    work: Work
    line: int | None = None
    index: int | None = None
    crossref: str = ""
    file: str = ""


@dataclass(frozen=True)
class ImportResult:
    """The records read, in file order, and every problem met.

    ``preambles`` holds BibTeX ``@preamble`` texts (macro definitions the entries
    may need when typeset); other formats leave it empty.
    """

    records: tuple[Record, ...]
    problems: tuple[Problem, ...] = ()
    preambles: tuple[str, ...] = ()

    @property
    def works(self) -> tuple[Work, ...]:
        """The works alone, in file order."""
        return tuple(record.work for record in self.records)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that kept a block from being imported."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems in blocks that were imported all the same."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when every block was imported."""
        return not self.errors


def _one_line(text: str) -> str:
    """``text`` with each run of blanks that holds a line break made one space."""
    lines = text.splitlines()
    if lines == [text]:
        return text
    return " ".join(line.strip() for line in lines if line.strip())


def start_of(raw: str, limit: int = RAW_LIMIT) -> str:
    """The first few lines of a block, for a problem report."""
    lines = raw.splitlines()[:4]
    text = "\n".join(lines)
    return text if len(text) <= limit else text[: limit - 1] + "…"
