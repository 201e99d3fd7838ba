"""The error family: every failure a user can meet, as data. Pure: no I/O.

Each error carries a message (what failed, on what) and a hint (what to do).
Front ends render ``str(error)``, which joins both into one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class SourceboxError(Exception):
    """Base class: a failure with a message and a hint, shown without a traceback."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class NotFoundError(SourceboxError):
    """A key (or other name) that is not in the library."""


class ConflictError(SourceboxError):
    """A write that would clash with what is stored (a taken key, say)."""


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: which field, the value given, and why it is wrong."""

    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field} {self.value!r}: {self.reason}"


class ValidationError(SourceboxError):
    """One or more invalid fields; each problem names the field and the value."""

    def __init__(self, problems: Sequence[FieldProblem], subject: str = "") -> None:
        self.problems = tuple(problems)
        what = "; ".join(str(p) for p in self.problems)
        prefix = f"Invalid {subject}: " if subject else "Invalid input: "
        super().__init__(prefix + what + ".", "Correct the value and try again.")


class QueryError(SourceboxError):
    """A search query that cannot be parsed; ``position`` is the 0-based column."""

    def __init__(self, query: str, position: int, reason: str) -> None:
        self.query = query
        self.position = position
        self.reason = reason
        super().__init__(
            f"Bad query at column {position + 1}: {reason} (in {query!r}).",
            "See 'sourcebox list --help' for the query language.",
        )


class ConfigError(SourceboxError):
    """A setting that cannot be read or has an invalid value."""


class LibraryError(SourceboxError):
    """A library file that cannot be opened, migrated or checked."""
